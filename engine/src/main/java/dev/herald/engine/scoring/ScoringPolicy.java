package dev.herald.engine.scoring;

import dev.herald.engine.delivery.Durations;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How engagement is scored (ADR 0075): the points each kind of action is worth when it happens, halved every
 * {@code halfLife} after, and the scores from which a customer is "Very engaged" or "Engaged". Marketers set it in
 * herald-rules.yaml ({@code scoring:}); it is data, never code.
 *
 * <p>Why a half-life rather than a sum: a score that only grows says who was ever interested; one that fades says who
 * is interested now, so a customer who stops reading slips from "Very engaged" by themselves and a campaign can act on
 * it, without anyone resetting points.
 */
public record ScoringPolicy(Duration halfLife, Map<String, Double> points, double veryEngagedFrom,
                            double engagedFrom) {

    /** The kinds of action that can score: Herald's email engagement, its activity events and orders. */
    public static final List<String> KINDS = List.of("email_opened", "email_clicked", "page_viewed", "product_viewed",
            "product_added", "cart_viewed", "checkout_started", "order_completed");
    /** No scoring: no score is stored and no one is placed in an engagement segment. */
    public static final ScoringPolicy NONE = new ScoringPolicy(Duration.ZERO, Map.of(), 0, 0);
    /** On unless herald-rules.yaml says otherwise. */
    public static final ScoringPolicy DEFAULT = new ScoringPolicy(Duration.ofDays(30), defaultPoints(), 30, 10);
    /** Actions older than this many half-lives are not read: together they would add under 2%. */
    static final int HALF_LIVES_READ = 6;

    public ScoringPolicy {
        Objects.requireNonNull(halfLife, "halfLife");
        points = Map.copyOf(points);
        if (!halfLife.isZero()) {
            if (halfLife.compareTo(Duration.ofDays(1)) < 0) {
                throw new IllegalArgumentException("scoring halfLife must be at least 1d, was "
                        + Durations.format(halfLife));
            }
            for (Map.Entry<String, Double> p : points.entrySet()) {
                if (!KINDS.contains(p.getKey())) {
                    throw new IllegalArgumentException("scoring has no action '" + p.getKey() + "' (known: "
                            + String.join(", ", KINDS) + ")");
                }
                if (!(p.getValue() >= 0 && p.getValue() <= 1000)) {
                    throw new IllegalArgumentException("scoring points for " + p.getKey() + " must be within 0..1000,"
                            + " was " + p.getValue());
                }
            }
            if (!(engagedFrom > 0 && veryEngagedFrom > engagedFrom)) {
                throw new IllegalArgumentException("scoring needs 0 < engaged < veryEngaged, was engaged " + engagedFrom
                        + " and veryEngaged " + veryEngagedFrom);
            }
        }
    }

    private static Map<String, Double> defaultPoints() {
        Map<String, Double> points = new LinkedHashMap<>();
        points.put("email_opened", 1.0);
        points.put("email_clicked", 3.0);
        points.put("page_viewed", 1.0);
        points.put("product_viewed", 2.0);
        points.put("product_added", 4.0);
        points.put("cart_viewed", 2.0);
        points.put("checkout_started", 5.0);
        points.put("order_completed", 10.0);
        return points;
    }

    public boolean enabled() {
        return !halfLife.isZero();
    }

    /** How far back actions are read. */
    public Duration window() {
        return halfLife.multipliedBy(HALF_LIVES_READ);
    }

    /** The points of {@code kind}, 0 for one not listed. */
    public double pointsOf(String kind) {
        return points.getOrDefault(kind, 0.0);
    }

    /** What an action of {@code kind} worth its points is worth {@code age} later. */
    public double decayed(String kind, Duration age) {
        double halfLives = Math.max(0, age.toSeconds()) / (double) halfLife.toSeconds();
        return pointsOf(kind) * Math.pow(0.5, halfLives);
    }

    /** "points halve every 30d; Very engaged from 30, Engaged from 10", for people. */
    public String describe() {
        if (!enabled()) {
            return "none";
        }
        StringBuilder text = new StringBuilder();
        for (String kind : KINDS) {
            if (pointsOf(kind) > 0) {
                text.append(text.length() == 0 ? "" : ", ").append(kind).append(' ').append(number(pointsOf(kind)));
            }
        }
        return text + "; points halve every " + Durations.format(halfLife) + "; " + EngagementSegment.VERY.label()
                + " from " + number(veryEngagedFrom) + ", " + EngagementSegment.ENGAGED.label() + " from "
                + number(engagedFrom);
    }

    public static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
