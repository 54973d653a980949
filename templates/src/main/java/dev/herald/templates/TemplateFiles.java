package dev.herald.templates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads every {@code .mustache} file of a templates folder into memory, keyed by its path relative to the
 * folder with {@code /} separators, from a directory or from the class path (a folder or a jar), so the
 * validator sees exactly the files the renderer would use.
 */
public final class TemplateFiles {

    /** A part of a template or of one of its variants, maybe translated, or a shared file (folder starting with _). */
    private static final java.util.regex.Pattern TEMPLATE_FILE = java.util.regex.Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9_-]*/(variants/[A-Za-z0-9][A-Za-z0-9_-]*/)?(locales/" + Translations.TAG_SEGMENT
                    + "/)?(subject|preheader|html|text)\\.mustache"
                    + "|_[A-Za-z0-9_-]+/(locales/" + Translations.TAG_SEGMENT + "/)?[A-Za-z0-9][A-Za-z0-9_-]*\\.mustache");

    private TemplateFiles() {
    }

    /** The {@code .mustache} files under {@code dir}, sorted by relative path. */
    public static Map<String, String> fromDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("templates folder not found: " + dir);
        }
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p) && p.getFileName().toString().endsWith(".mustache")) {
                    String relative = dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                    files.put(relative, Files.readString(p, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read templates under " + dir, e);
        }
        return files;
    }

    /**
     * The {@code .mustache} files under {@code basePath} in every class path root that has that folder, merged the
     * way the class loader resolves a resource: where two roots hold the same file, the earlier root wins (so a
     * deployment's or a test's own files override the built-in ones, as they do for
     * {@link MustacheTemplateRenderer}'s class-loader lookup).
     */
    public static Map<String, String> fromClasspathRoots(ClassLoader loader, String basePath) {
        String base = basePath.endsWith("/") ? basePath : basePath + "/";
        Map<String, String> files = new TreeMap<>();
        try {
            var roots = loader.getResources(base.substring(0, base.length() - 1));
            while (roots.hasMoreElements()) {
                URL url = roots.nextElement();
                Map<String, String> found;
                try {
                    found = fromUrl(url, base, true);
                } catch (RuntimeException unreadable) {
                    continue; // a location this reader does not understand (e.g. an application server's VFS)
                }
                // only files laid out as templates: another library's "templates" folder is not ours
                found.forEach((path, text) -> {
                    if (TEMPLATE_FILE.matcher(path).matches()) {
                        files.putIfAbsent(path, text);
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list templates under " + base, e);
        }
        if (!files.keySet().stream().anyMatch(p -> p.startsWith("_layout/"))) {
            return fromClasspath(loader, basePath);
        }
        return files;
    }

    /** The {@code .mustache} files under {@code basePath} on the class path (e.g. {@code "templates/"}). */
    public static Map<String, String> fromClasspath(ClassLoader loader, String basePath) {
        String base = basePath.endsWith("/") ? basePath : basePath + "/";
        URL url = loader.getResource(base + "_layout/html.mustache");
        if (url == null) {
            url = loader.getResource(base.substring(0, base.length() - 1));
        }
        if (url == null) {
            throw new IllegalArgumentException("no templates on the class path under " + base);
        }
        String scheme = url.getProtocol();
        if (!"file".equals(scheme) && !"jar".equals(scheme)) {
            // an application server's virtual file system (WildFly: vfs:) cannot be listed: read the folder's index
            return fromIndex(loader, base);
        }
        return fromUrl(url, base, false);
    }

    /** The name of the list of a templates folder's files, for class paths that cannot be listed. */
    public static final String INDEX = "templates.index";

    /**
     * The files named in {@code base + INDEX} (one path a line, relative to {@code base}; blank lines and
     * {@code #} comments ignored), read one by one through the class loader.
     */
    static Map<String, String> fromIndex(ClassLoader loader, String base) {
        String index = resource(loader, base + INDEX);
        if (index == null) {
            throw new IllegalArgumentException("the templates under " + base + " cannot be listed on this class path"
                    + " and there is no " + base + INDEX);
        }
        Map<String, String> files = new TreeMap<>();
        for (String line : index.split("\\R")) {
            String path = line.strip();
            if (path.isEmpty() || path.startsWith("#")) {
                continue;
            }
            String text = resource(loader, base + path);
            if (text == null) {
                throw new IllegalStateException(base + INDEX + " names " + path + ", which is not on the class path");
            }
            files.put(path, text);
        }
        return files;
    }

    private static String resource(ClassLoader loader, String name) {
        try (java.io.InputStream in = loader.getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    /** The files of one class path location: a folder, or a folder inside a jar; {@code root}: url is the folder. */
    private static Map<String, String> fromUrl(URL url, String base, boolean root) {
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                String spec = uri.toString();
                URI jar = URI.create(spec.substring(0, spec.indexOf("!/")));
                FileSystem open;
                try {
                    open = FileSystems.newFileSystem(jar, Map.of());
                } catch (FileSystemAlreadyExistsException alreadyOpen) {
                    // someone else's; read through it and leave it open
                    return fromDirectory(FileSystems.getFileSystem(jar).getPath("/" + base));
                }
                try (FileSystem fs = open) {
                    return fromDirectory(fs.getPath("/" + base));
                }
            }
            Path p = Path.of(uri);
            Path dir = !root && p.getFileName().toString().endsWith(".mustache") ? p.getParent().getParent() : p;
            return fromDirectory(dir);
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot list templates at " + url, e);
        }
    }
}
