package dev.herald.engine.reco;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code herald.reco.*} settings into {@link LiveRecommendationService.Settings}, with the defaults and
 * the errors that name the setting. One parser for the standalone runtime and the EAR, so that both understand
 * the same keys and values; each brings its own lookup (config file + environment, or system properties +
 * environment).
 */
public final class RecommendationSettingsParser {

    public static final String ENABLED = "herald.reco.enabled";
    public static final String RETRAIN_INTERVAL = "herald.reco.retrain-interval";
    public static final String COUNT = "herald.reco.count";
    public static final String THREADS = "herald.reco.threads";
    public static final String PRODUCTS_FILE = "herald.reco.products-file";
    public static final String PRODUCT_LINK = "herald.reco.product-link";

    static final String DEFAULT_RETRAIN_INTERVAL = "1h";
    static final int DEFAULT_COUNT = 4;

    private static final Pattern INTERVAL = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    private RecommendationSettingsParser() {
    }

    /**
     * The settings, or empty when {@code herald.reco.enabled} is false. {@code lookup} answers a key's value, or
     * null (or blank) when it is not set.
     */
    public static Optional<LiveRecommendationService.Settings> parse(Function<String, String> lookup) {
        String enabled = value(lookup, ENABLED);
        if (enabled != null) {
            String e = enabled.toLowerCase(Locale.ROOT);
            if (!e.equals("true") && !e.equals("false")) {
                throw new IllegalArgumentException("setting " + ENABLED + " must be true or false, got '" + enabled + "'");
            }
            if (e.equals("false")) {
                return Optional.empty();
            }
        }
        int threads = whole(lookup, THREADS, 0);
        if (threads < 0) {
            throw new IllegalArgumentException("setting " + THREADS + " must be 0 or more");
        }
        Path products = null;
        String productsFile = value(lookup, PRODUCTS_FILE);
        if (productsFile != null) {
            products = Path.of(productsFile);
            if (!Files.isRegularFile(products)) {
                throw new IllegalArgumentException("setting " + PRODUCTS_FILE + ": file not found: " + products);
            }
        }
        String link = value(lookup, PRODUCT_LINK);
        if (link != null && !link.startsWith("https://") && !link.startsWith("http://")) {
            throw new IllegalArgumentException("setting " + PRODUCT_LINK + " must be an http(s) URL, got '" + link + "'");
        }
        int count = whole(lookup, COUNT, DEFAULT_COUNT);
        if (count < 1) {
            throw new IllegalArgumentException("setting " + COUNT + " must be at least 1, got " + count);
        }
        String interval = value(lookup, RETRAIN_INTERVAL);
        return Optional.of(new LiveRecommendationService.Settings(Recommenders.DEFAULT, count,
                threads == 0 ? Math.max(1, Runtime.getRuntime().availableProcessors()) : threads,
                interval(RETRAIN_INTERVAL, interval == null ? DEFAULT_RETRAIN_INTERVAL : interval),
                products, link == null ? "" : link));
    }

    /** {@code 90s}, {@code 30m}, {@code 1h}, {@code 1d}, {@code 500ms}; a bare number is seconds; 0 = never. */
    public static Duration interval(String key, String value) {
        Matcher m = INTERVAL.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("setting " + key + " must be a duration such as 30m, 1h or 1d"
                    + " (0 = never), got '" + value + "'");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    private static String value(Function<String, String> lookup, String key) {
        String value = lookup.apply(key);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static int whole(Function<String, String> lookup, String key, int fallback) {
        String value = value(lookup, key);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be a whole number, got '" + value + "'");
        }
    }
}
