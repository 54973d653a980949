package dev.herald.rules.campaign;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where campaign files are kept for editing: a folder on disk (the loader's format). A store may start from a seed
 * (Herald's built-in campaigns) and no folder yet: the first write copies the seed into the folder, which from then
 * on is the campaigns, so an edit made in the console survives a restart. Writes are atomic (a temporary file
 * moved over the old one), so the folder watcher and a restart never read a half-written file.
 */
public final class CampaignStore {

    private final Path folder;
    private final Map<String, String> seed;

    /**
     * @param folder where the files are (or will be, once written)
     * @param seed   the files while the folder does not exist yet; empty for a folder that must exist
     */
    public CampaignStore(Path folder, Map<String, String> seed) {
        this.folder = folder;
        this.seed = Map.copyOf(seed);
    }

    public Path folder() {
        return folder;
    }

    /** Whether the campaigns are in the folder already (else they are the seed's, until the first write). */
    public boolean inFolder() {
        return seed.isEmpty() || hasCampaignFiles(folder);
    }

    /** Whether {@code folder} holds campaign files (a folder seeded by an earlier write). */
    public static boolean hasCampaignFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.anyMatch(p -> CampaignLoader.isCampaignFile(p.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read campaigns folder " + folder, e);
        }
    }

    /** Every campaign file and the folder settings, by file name: what the loader would read. */
    public synchronized Map<String, byte[]> files() {
        Map<String, byte[]> files = new TreeMap<>();
        if (!inFolder()) {
            seed.forEach((name, text) -> files.put(name, text.getBytes(StandardCharsets.UTF_8)));
            return files;
        }
        try {
            for (Path path : campaignPaths()) {
                files.put(path.getFileName().toString(), Files.readAllBytes(path));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read campaigns folder " + folder, e);
        }
        return files;
    }

    /** The campaign and settings files in the folder (what the loader reads). */
    private List<Path> campaignPaths() throws IOException {
        try (Stream<Path> paths = Files.list(folder)) {
            return paths.filter(Files::isRegularFile).filter(path -> {
                String name = path.getFileName().toString();
                return CampaignLoader.isCampaignFile(name) || name.equals(RuleSettings.FILE_NAME);
            }).toList();
        }
    }

    /** When a campaign or settings file in the folder last changed; empty while the campaigns are the seed's. */
    public synchronized Optional<java.time.Instant> lastModified() {
        if (!inFolder()) {
            return Optional.empty();
        }
        try {
            java.time.Instant newest = null;
            for (Path path : campaignPaths()) {
                java.time.Instant at = Files.getLastModifiedTime(path).toInstant();
                newest = newest == null || at.isAfter(newest) ? at : newest;
            }
            return Optional.ofNullable(newest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read campaigns folder " + folder, e);
        }
    }

    /** One file's text (UTF-8), or empty when there is no such file. */
    public synchronized Optional<String> text(String name) {
        byte[] content = files().get(checkedName(name));
        return content == null ? Optional.empty() : Optional.of(new String(content, StandardCharsets.UTF_8));
    }

    /** Writes one file, copying the seed into the folder first if this is the first write. */
    public synchronized void write(String name, String text) {
        checkedName(name);
        try {
            if (!inFolder()) {
                Files.createDirectories(folder);
                for (Map.Entry<String, String> file : seed.entrySet()) {
                    writeAtomically(folder.resolve(file.getKey()), file.getValue());
                }
            }
            writeAtomically(folder.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name + " in campaigns folder " + folder, e);
        }
    }

    /**
     * Makes {@code files} the whole folder: each written (the seed copied in first, if this is the first write), and
     * every other campaign or settings file removed.
     */
    public synchronized void replaceAll(Map<String, String> files) {
        files.keySet().forEach(CampaignStore::checkedName);
        Set<String> before = files().keySet();
        files.forEach(this::write);
        before.stream().filter(name -> !files.containsKey(name)).forEach(this::delete);
    }

    /** Removes one file (to undo the write of a new file that did not go live). */
    public synchronized void delete(String name) {
        try {
            Files.deleteIfExists(folder.resolve(checkedName(name)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + name + " in campaigns folder " + folder, e);
        }
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        // the temporary name ends in .tmp: neither the loader nor the watcher's reload take it for a campaign
        Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        try {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A plain file name of a campaign file or the settings: never a path out of the folder. */
    static String checkedName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
                || !(CampaignLoader.isCampaignFile(name) || name.equals(RuleSettings.FILE_NAME))) {
            throw new IllegalArgumentException("not a campaign file name: " + CampaignBinder.printable(String.valueOf(name)));
        }
        return name;
    }
}
