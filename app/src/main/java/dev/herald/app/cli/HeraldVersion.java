package dev.herald.app.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Reads the version Maven wrote into the application at build time. */
public class HeraldVersion implements IVersionProvider {

    public static String version() {
        Properties p = new Properties();
        try (InputStream in = HeraldVersion.class.getResourceAsStream("/dev/herald/app/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown"
        }
        return p.getProperty("version", "unknown");
    }

    @Override
    public String[] getVersion() {
        return new String[]{"Herald " + version(), "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }
}
