package dev.herald.templates;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading the built-in templates where the class path can be listed, and where it cannot (WildFly's VFS). */
class TemplateFilesTest {

    private static final Path BUILT_IN = Path.of("src/main/resources/templates");

    @Test
    void theIndexListsEveryBuiltInTemplateFile() {
        Map<String, String> fromIndex = TemplateFiles.fromIndex(getClass().getClassLoader(), "templates/");

        assertThat(fromIndex).isEqualTo(TemplateFiles.fromDirectory(BUILT_IN));
    }

    @Test
    void aClassPathThatCannotBeListedIsReadThroughTheIndex() {
        ClassLoader vfs = new VirtualFileSystemLoader(getClass().getClassLoader());

        Map<String, String> files = TemplateFiles.fromClasspathRoots(vfs, "templates/");

        assertThat(files).isEqualTo(TemplateFiles.fromDirectory(BUILT_IN));
        assertThat(TemplateLibrary.of(files, null).keys()).contains("welcome", "thank-you");
    }

    @Test
    void withoutAnIndexAnUnlistableClassPathIsAClearError() {
        ClassLoader vfs = new VirtualFileSystemLoader(getClass().getClassLoader());

        assertThatThrownBy(() -> TemplateFiles.fromIndex(vfs, "nothing-here/"))
                .hasMessageContaining("nothing-here/templates.index");
    }

    /** Hands out {@code vfs:} URLs, as WildFly's module class loader does, and the resources' bytes as usual. */
    private static final class VirtualFileSystemLoader extends ClassLoader {

        private static final URLStreamHandler NO_CONNECTIONS = new URLStreamHandler() {
            @Override
            protected URLConnection openConnection(URL u) throws IOException {
                throw new IOException("not in this test");
            }
        };

        VirtualFileSystemLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        public URL getResource(String name) {
            return super.getResource(name) == null ? null : vfs(name);
        }

        @Override
        public java.io.InputStream getResourceAsStream(String name) {
            return getParent().getResourceAsStream(name);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return super.getResource(name) == null ? Collections.emptyEnumeration()
                    : Collections.enumeration(java.util.List.of(vfs(name)));
        }

        private static URL vfs(String name) {
            try {
                return new URL(null, "vfs:/content/herald.ear/lib/herald-templates.jar/" + name, NO_CONNECTIONS);
            } catch (java.net.MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
