package dev.herald.app.cli;

import dev.herald.app.HeraldConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Options every long-running subcommand shares: where the data lives and how to override settings. */
public class ConfigOptions {

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory for the broker journal, database and mail (default: ./herald-data for run,"
                    + " a new temporary directory for demo).")
    Path dataDir;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with settings (default: herald.properties in the data directory, if present).")
    Path configFile;

    @Option(names = "-D", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Override one setting, e.g. -Dherald.smtp.host=mail.example.com. Repeatable. "
                    + "Environment variables such as HERALD_SMTP_HOST work too; see the README for every setting.")
    Map<String, String> overrides = new LinkedHashMap<>();

    HeraldConfig load(Map<String, String> extra) {
        Map<String, String> all = new HashMap<>(extra);
        all.putAll(overrides);
        if (dataDir != null) {
            all.put(HeraldConfig.DATA_DIR, dataDir.toString());
        }
        return HeraldConfig.load(configFile, System.getenv(), all);
    }
}
