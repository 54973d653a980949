package dev.herald.app.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.herald.app.HeraldConfig;
import dev.herald.engine.experiment.report.AbInput;
import dev.herald.engine.experiment.report.AbInputReader;
import dev.herald.engine.experiment.report.AbReport;
import dev.herald.engine.experiment.report.AbReportBuilder;
import dev.herald.engine.experiment.report.AbReportCsv;
import dev.herald.engine.experiment.report.AbReportHtml;
import dev.herald.engine.experiment.report.AbReportJson;
import dev.herald.engine.experiment.store.ExperimentService;
import dev.herald.engine.experiment.store.Outcome;
import dev.herald.engine.persistence.DatabaseMigrator;
import dev.herald.engine.persistence.HeraldPersistence;
import dev.herald.engine.persistence.ResourceLocalTransactions;
import jakarta.persistence.EntityManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code herald ab report}: an A/B report from counts (or a campaign's stored exposures), as JSON, CSV or HTML. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compute an A/B report: per variant the rate with its Wilson interval and the chance to be"
                + " best; per variant against control the absolute and relative difference with intervals, the"
                + " z-test p-value (raw and Holm-adjusted) and the chance to beat control; revenue per recipient by"
                + " Welch's t-test; a sample-ratio-mismatch check; warnings and a verdict in plain words.",
                "",
                "Input (--input): a JSON file of counts, so any team can check any test:",
                "  {\"control\": \"A\", \"alpha\": 0.05, \"variants\": [",
                "    {\"name\": \"A\", \"users\": 10000, \"conversions\": 2100, \"weight\": 0.5},",
                "    {\"name\": \"B\", \"users\": 10000, \"conversions\": 2230, \"weight\": 0.5}]}",
                "Optional per variant:",
                "  \"revenue\": [values per recipient] or {\"n\": …, \"mean\": …, \"variance\": …}",
                "  \"daily\": [{\"date\": \"2026-11-01\", \"users\": …, \"conversions\": …}]",
                "Optional top level: \"metric\" (wording, default conversion),",
                "  \"minimum_detectable_effect\" (default 0.10), \"power\" (default 0.8),",
                "  \"planned_users_per_arm\".",
                "Full format and formulas: docs/ab-statistics.md",
                "",
                "Exit code 0 on success, 1 when the input is invalid (the message names file, line and reason)."})
public class AbReportCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(AbReportCommand.class);

    /** Output formats; HTML is one self-contained page that works offline. */
    enum Format { json, csv, html }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static class Source {
        @Option(names = "--input", paramLabel = "FILE.json", required = true,
                description = "Counts per variant, in the JSON format above.")
        Path input;

        @Option(names = "--campaign", paramLabel = "ID", required = true,
                description = "Build the report from the campaign's stored exposures and outcomes in Herald's"
                        + " database (--data-dir, or herald.jdbc.url).")
        String campaign;
    }

    @Option(names = "--metric", paramLabel = "conversion|click|open", defaultValue = "conversion",
            description = "With --campaign: what counts as success (default: ${DEFAULT-VALUE}). Conversions"
                    + " (orders within the attribution window, with revenue) compare against the holdout when the"
                    + " experiment has one; opens and clicks compare the arms that were sent an email.")
    String metric;

    @Mixin
    ConfigOptions options;

    @Option(names = "--format", paramLabel = "json|csv|html",
            description = "Output format (default: from the --out extension, else json).")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report here (default: standard output).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        AbInput input = source.campaign != null ? campaignInput(source.campaign)
                : new AbInputReader().read(source.input);
        AbReport report = new AbReportBuilder().build(input);
        Format chosen = format != null ? format : formatFromExtension(out);
        String text = switch (chosen) {
            case json -> new AbReportJson().write(report);
            case csv -> new AbReportCsv().write(report);
            case html -> new AbReportHtml().write(report);
        };
        if (out == null) {
            PrintWriter writer = spec.commandLine().getOut();
            writer.print(text);
            writer.flush();
        } else {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, text, StandardCharsets.UTF_8);
            spec.commandLine().getOut().printf("Wrote %s report to %s%n%s%n", chosen, out, report.headline());
            spec.commandLine().getOut().flush();
        }
        LOG.debug("A/B report for control {} with {} variants written as {}", report.control(),
                report.variants().size(), chosen);
        return 0;
    }

    private AbInput campaignInput(String campaign) throws IOException {
        Outcome.Kind kind;
        try {
            kind = Outcome.Kind.valueOf(metric.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--metric must be conversion, click or open, was " + metric);
        }
        HeraldConfig config = options.load(Map.of());
        String url = config.get(HeraldConfig.JDBC_URL);
        if (url.isBlank()) {
            Path db = config.dataDir().resolve("db").resolve("herald");
            if (!Files.exists(db.resolveSibling("herald.mv.db"))) {
                throw new IllegalArgumentException("no Herald database in " + config.dataDir()
                        + " (give --data-dir, or -Dherald.jdbc.url=...)");
            }
            url = "jdbc:h2:file:" + db.toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        }
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url);
        pool.setUsername(config.get(HeraldConfig.JDBC_USER));
        pool.setPassword(config.get(HeraldConfig.JDBC_PASSWORD));
        pool.setMaximumPoolSize(2);
        pool.setPoolName("herald-ab-report");
        try (HikariDataSource dataSource = new HikariDataSource(pool)) {
            DatabaseMigrator.migrate(dataSource);
            EntityManagerFactory emf = HeraldPersistence.createEntityManagerFactory(dataSource, Map.of());
            try {
                return new ExperimentService(new ResourceLocalTransactions(emf), Clock.systemUTC())
                        .reportInput(campaign, kind);
            } finally {
                emf.close();
            }
        }
    }

    private static Format formatFromExtension(Path out) {
        if (out == null) {
            return Format.json;
        }
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".html") || name.endsWith(".htm")) {
            return Format.html;
        }
        return name.endsWith(".csv") ? Format.csv : Format.json;
    }
}
