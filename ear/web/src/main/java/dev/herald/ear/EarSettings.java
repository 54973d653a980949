package dev.herald.ear;

import java.time.Duration;
import java.util.Map;

/**
 * The few tuning settings of Herald in WildFly. Resources (broker, database, SMTP server) are the server's and
 * configured there; these come from system properties ({@code -Dherald.consumers=4}) or the environment
 * ({@code HERALD_CONSUMERS=4}), with the standalone runtime's defaults.
 */
record EarSettings(int consumers, String fromAddress, Duration dispatchPeriod, int dispatchBatch) {

    static final String CONSUMERS = "herald.consumers";
    static final String MAIL_FROM = "herald.mail.from";
    static final String DISPATCH_PERIOD_MS = "herald.dispatch.period-ms";
    static final String DISPATCH_BATCH = "herald.dispatch.batch";
    static final String INGEST_BATCH_SIZE = "herald.ingest.batch-size";
    static final String INGEST_BATCH_PREFETCH = "herald.ingest.batch-prefetch";

    static EarSettings fromEnvironment() {
        return from(System.getProperties()::getProperty, System.getenv());
    }

    static EarSettings from(java.util.function.Function<String, String> systemProperties, Map<String, String> env) {
        java.util.function.Function<String, String> lookup = lookup(systemProperties, env);
        return new EarSettings(
                positive(lookup, CONSUMERS, 4),
                orDefault(lookup.apply(MAIL_FROM), "Herald Shop <hello@herald.example>"),
                Duration.ofMillis(positive(lookup, DISPATCH_PERIOD_MS, 200)),
                positive(lookup, DISPATCH_BATCH, 50));
    }

    /**
     * The secrets of the HTTP ingestion API and webhooks ({@code herald.api.key}, {@code herald.webhook.shopify.secret},
     * {@code herald.webhook.hubspot.secret}, or {@code HERALD_API_KEY} ...); unset = that endpoint answers 503.
     */
    static dev.herald.routes.ingest.IngestSettings ingestFromEnvironment() {
        return ingest(System.getProperties()::getProperty, System.getenv());
    }

    static dev.herald.routes.ingest.IngestSettings ingest(java.util.function.Function<String, String> systemProperties,
                                                          Map<String, String> env) {
        java.util.function.Function<String, String> lookup = lookup(systemProperties, env);
        return new dev.herald.routes.ingest.IngestSettings(lookup.apply("herald.api.key"),
                lookup.apply("herald.webhook.shopify.secret"), lookup.apply("herald.webhook.hubspot.secret"));
    }

    /**
     * Recommendations as the standalone runtime reads them ({@code herald.reco.retrain-interval}, {@code .count},
     * {@code .threads}, {@code .products-file}, {@code .product-link}, or {@code HERALD_RECO_COUNT} ...); empty when
     * {@code herald.reco.enabled} is false.
     */
    static java.util.Optional<dev.herald.engine.reco.LiveRecommendationService.Settings> recommendationsFromEnvironment() {
        return recommendations(System.getProperties()::getProperty, System.getenv());
    }

    static java.util.Optional<dev.herald.engine.reco.LiveRecommendationService.Settings> recommendations(
            java.util.function.Function<String, String> systemProperties, Map<String, String> env) {
        return dev.herald.engine.reco.RecommendationSettingsParser.parse(lookup(systemProperties, env));
    }

    /** Settings from system properties, else the environment ({@code herald.a.b} → {@code HERALD_A_B}); null when unset. */
    static java.util.function.Function<String, String> lookup(java.util.function.Function<String, String> systemProperties,
                                                              Map<String, String> env) {
        return key -> {
            String value = systemProperties.apply(key);
            if (value == null) {
                value = env.get(key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'));
            }
            return value == null || value.isBlank() ? null : value.strip();
        };
    }

    /**
     * {@code herald.ingest.batch-size} ({@code HERALD_INGEST_BATCH_SIZE}): most events per ingest transaction
     * (1..1000, ADR 0032), {@link dev.herald.routes.RouteSettings#DEFAULT_INGEST_BATCH_SIZE} when unset.
     */
    static int ingestBatchSize(java.util.function.Function<String, String> lookup) {
        String value = lookup.apply(INGEST_BATCH_SIZE);
        if (value == null) {
            return dev.herald.routes.RouteSettings.DEFAULT_INGEST_BATCH_SIZE;
        }
        try {
            return dev.herald.routes.RouteSettings.requireValidIngestBatchSize(Integer.parseInt(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("setting " + INGEST_BATCH_SIZE + " (HERALD_INGEST_BATCH_SIZE) must be a"
                    + " whole number from 1 to " + dev.herald.routes.RouteSettings.MAX_INGEST_BATCH_SIZE + ", got '"
                    + value + "'");
        }
    }

    /**
     * {@code herald.ingest.batch-prefetch} ({@code HERALD_INGEST_BATCH_PREFETCH}): whether a batch reads its
     * customers' decision facts once at its start (ADR 0038); true when unset, as standalone.
     */
    static boolean ingestBatchPrefetch(java.util.function.Function<String, String> lookup) {
        String value = lookup.apply(INGEST_BATCH_PREFETCH);
        if (value == null) {
            return true;
        }
        String lower = value.toLowerCase(java.util.Locale.ROOT);
        if (!lower.equals("true") && !lower.equals("false")) {
            throw new IllegalArgumentException("setting " + INGEST_BATCH_PREFETCH
                    + " (HERALD_INGEST_BATCH_PREFETCH) must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(lower);
    }

    /** {@code herald.engagement.conversion-window} ({@code HERALD_ENGAGEMENT_CONVERSION_WINDOW}), 7 days when unset. */
    static java.time.Duration conversionWindow(java.util.function.Function<String, String> lookup) {
        String value = lookup.apply("herald.engagement.conversion-window");
        return value == null ? dev.herald.engine.engagement.ConversionAttribution.DEFAULT_WINDOW
                : dev.herald.engine.delivery.Durations.parse(value);
    }

    /** A setting from a system property or else the environment ({@code herald.a.b} → {@code HERALD_A_B}); null when unset. */
    static String lookup(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            value = System.getenv(key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A positive whole number, or {@code fallback} when unset. */
    static int positive(java.util.function.Function<String, String> lookup, String key, int fallback) {
        String value = lookup.apply(key);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a positive whole number, got '" + value + "'");
    }

    /**
     * How often this node looks for campaigns and template edits published on another node
     * ({@code herald.sync.period-ms}, ADR 0059): 5 s by default, zero when set to 0 (no sharing at all).
     */
    static java.time.Duration syncPeriod(java.util.function.Function<String, String> lookup) {
        return periodOrOff(lookup, "herald.sync.period-ms", 5000);
    }

    /**
     * How often this node looks for scheduled campaigns whose time has come ({@code herald.schedule.period-ms},
     * ADR 0061): 10 s by default, zero when set to 0 (this node never sends them).
     */
    static java.time.Duration schedulePeriod(java.util.function.Function<String, String> lookup) {
        return periodOrOff(lookup, "herald.schedule.period-ms", 10_000);
    }

    /** How late a scheduled campaign may still start ({@code herald.schedule.max-late-ms}): 24 hours by default. */
    static java.time.Duration scheduleMaxLate(java.util.function.Function<String, String> lookup) {
        return java.time.Duration.ofMillis(positive(lookup, "herald.schedule.max-late-ms", 86_400_000));
    }

    private static java.time.Duration periodOrOff(java.util.function.Function<String, String> lookup, String key,
                                                  int defaultMillis) {
        if ("0".equals(lookup.apply(key))) {
            return java.time.Duration.ZERO;
        }
        return java.time.Duration.ofMillis(positive(lookup, key, defaultMillis));
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
