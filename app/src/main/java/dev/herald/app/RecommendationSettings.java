package dev.herald.app;

import dev.herald.engine.reco.LiveRecommendationService;
import dev.herald.engine.reco.Recommenders;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns the {@code herald.reco.*} settings into the recommendation service's settings, with clear errors. */
final class RecommendationSettings {

    private static final Pattern INTERVAL = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    private RecommendationSettings() {
    }

    static LiveRecommendationService.Settings from(HeraldConfig config) {
        int threads = config.getInt(HeraldConfig.RECO_THREADS);
        if (threads < 0) {
            throw new IllegalArgumentException("setting " + HeraldConfig.RECO_THREADS + " must be 0 or more");
        }
        Path products = null;
        if (config.isSet(HeraldConfig.RECO_PRODUCTS_FILE)) {
            products = Path.of(config.get(HeraldConfig.RECO_PRODUCTS_FILE));
            if (!Files.isRegularFile(products)) {
                throw new IllegalArgumentException("setting " + HeraldConfig.RECO_PRODUCTS_FILE
                        + ": file not found: " + products);
            }
        }
        String link = config.get(HeraldConfig.RECO_PRODUCT_LINK);
        if (!link.isBlank() && !link.startsWith("https://") && !link.startsWith("http://")) {
            throw new IllegalArgumentException("setting " + HeraldConfig.RECO_PRODUCT_LINK
                    + " must be an http(s) URL, got '" + link + "'");
        }
        return new LiveRecommendationService.Settings(Recommenders.DEFAULT, config.getInt(HeraldConfig.RECO_COUNT),
                threads == 0 ? Math.max(1, Runtime.getRuntime().availableProcessors()) : threads,
                interval(HeraldConfig.RECO_RETRAIN_INTERVAL, config.get(HeraldConfig.RECO_RETRAIN_INTERVAL)),
                products, link);
    }

    /** {@code 90s}, {@code 30m}, {@code 1h}, {@code 1d}, {@code 500ms}; a bare number is seconds; 0 = never. */
    static Duration interval(String key, String value) {
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
}
