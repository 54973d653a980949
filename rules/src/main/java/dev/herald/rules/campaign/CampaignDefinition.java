package dev.herald.rules.campaign;

import dev.herald.engine.journey.Journey;
import dev.herald.engine.journey.JourneyStep;
import dev.herald.engine.journey.ReentryPolicy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One campaign as a marketer defined it, checked and typed: every name is from the {@link Vocabulary} or the
 * {@link Catalog}, every value has the type its attribute needs. Only such definitions are compiled to DRL.
 *
 * @param file   where it was defined (errors and explanations cite it)
 * @param line   line (YAML) or row line (spreadsheet) where the definition starts
 * @param journey the steps of a multi-step campaign ({@code journey:}), or {@code null} for a single email
 * @param enabled {@code enabled: false} keeps the campaign defined (listed, its running journeys go on) but starts
 *                it for no one: it gets no rule
 * @param transactional {@code type: transactional}: an email the customer needs whatever their marketing consent
 *                (order or account messages). It is decided without looking at consent and sent without an
 *                unsubscribe link or tracking; only bounced and complained addresses stop it. Every other campaign
 *                is marketing ({@code type: marketing}, the default): not decided for a customer whose email consent
 *                is withdrawn, pending or whose address is suppressed, and stopped at send time likewise (ADR 0034)
 * @param schedule {@code trigger.at}: the campaign goes out once, at this time, to every customer its audience
 *                 matches ({@code eventType} is then Herald's own {@code campaign_scheduled}); {@code null} for a
 *                 campaign started by events (ADR 0061)
 * @param topic    the subscription topic of a marketing campaign ({@code topic:}, one of {@code herald-rules.yaml}'s
 *                 {@code topics:}): a customer who opted out of it gets none of its emails; {@code null}: none
 *                 (ADR 0063)
 */
public record CampaignDefinition(String id, String file, int line, int priority, String eventType,
                                 List<AttributeCondition> eventConditions, List<String> segmentsIn,
                                 List<String> segmentsNotIn, List<RfmCondition> rfmConditions, List<String> countries,
                                 String consentChannel, List<AttributeCondition> customerConditions,
                                 RecommendationCondition recommendation, Timing timing, FrequencyCap frequencyCap,
                                 String template, List<Variant> variants, String experiment, double holdout,
                                 Journey journey, boolean enabled, boolean transactional,
                                 Schedule schedule, String topic, boolean includeUnengaged) {

    /** The values of {@code type:}. */
    public static final String MARKETING = "marketing";
    public static final String TRANSACTIONAL = "transactional";

    /** {@value #MARKETING} or {@value #TRANSACTIONAL}, as written in the definition. */
    public String type() {
        return transactional ? TRANSACTIONAL : MARKETING;
    }

    public CampaignDefinition {
        eventConditions = List.copyOf(eventConditions);
        segmentsIn = List.copyOf(segmentsIn);
        segmentsNotIn = List.copyOf(segmentsNotIn);
        rfmConditions = List.copyOf(rfmConditions);
        countries = List.copyOf(countries);
        customerConditions = List.copyOf(customerConditions);
        variants = List.copyOf(variants);
    }

    /**
     * What the engine runs for this campaign, if more than one immediate email: the explicit {@code journey:},
     * or, for a single email with {@code timing.delay} or {@code timing.waitFor}, the implicit journey
     * [delay] → [wait for the event, ending the journey if it comes] → send (re-entry: never, as for every
     * single-email campaign). Empty for a plain campaign that sends at once.
     */
    public Optional<Journey> asJourney() {
        if (journey != null) {
            return Optional.of(journey);
        }
        if (timing.delay().isZero() && timing.waitForEvent() == null) {
            return Optional.empty();
        }
        List<JourneyStep> steps = new ArrayList<>();
        if (!timing.delay().isZero()) {
            steps.add(JourneyStep.Delay.of("delay", timing.delay()));
        }
        if (timing.waitForEvent() != null) {
            steps.add(new JourneyStep.Wait("wait", timing.waitForEvent(), timing.waitTimeout(), JourneyStep.END,
                    JourneyStep.NEXT));
        }
        steps.add(new JourneyStep.Send("send", template, variants.stream()
                .map(v -> new JourneyStep.Variant(v.name(), v.template(), v.weight())).toList()));
        return Optional.of(new Journey(id, steps, Set.of(), ReentryPolicy.NEVER));
    }

    /** Whether {@code id} may name a campaign (and its file): lower-case letters, digits and dashes, at most 63. */
    public static boolean isValidId(String id) {
        return id != null && CampaignBinder.ID.matcher(id).matches();
    }

    /** {@code trigger.at} in {@code trigger.zone}: a wall-clock time where the marketer is. */
    public record Schedule(LocalDateTime at, ZoneId zone) {

        public Instant instant() {
            return at.atZone(zone).toInstant();
        }

        /**
         * A word for the marketer when the time has already passed at {@code now} (a wrong year, a copied file), or
         * empty: published now, the campaign goes out at once, or is recorded as missed if it is too late.
         */
        public java.util.Optional<String> passedNote(String campaign, Instant now) {
            if (!instant().isBefore(now)) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of("Note: " + campaign + "'s time (" + this + ") has passed. Published now, it"
                    + " goes out at once, or is recorded as missed if it is more than herald.schedule.max-late-ms"
                    + " (a day by default) late.");
        }

        @Override
        public String toString() {
            return at.toLocalDate() + " " + at.toLocalTime() + " " + (zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId());
        }
    }

    /** Comparison operators conditions may use; text attributes allow only equality. */
    public enum Operator {
        EQ("=="), NE("!="), GE(">="), GT(">"), LE("<="), LT("<");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        static Operator fromSymbol(String symbol) {
            for (Operator operator : values()) {
                if (operator.symbol.equals(symbol)) {
                    return operator;
                }
            }
            throw new IllegalArgumentException("unknown operator " + symbol);
        }

        boolean test(double left, double right) {
            return switch (this) {
                case EQ -> left == right;
                case NE -> left != right;
                case GE -> left >= right;
                case GT -> left > right;
                case LE -> left <= right;
                case LT -> left < right;
            };
        }
    }

    /** {@code scope} is {@code "event"} or {@code "customer"}; {@code value} a {@link Double} or a {@link String}. */
    public record AttributeCondition(String scope, String attribute, Vocabulary.AttributeType type, Operator operator,
                                     Object value) {
    }

    /** {@code dimension} is {@code recency}, {@code frequency} or {@code monetary}. */
    public record RfmCondition(String dimension, Operator operator, int value) {
    }

    /** At least one recommended product scoring {@code minScore} or more, in {@code category} when not null. */
    public record RecommendationCondition(double minScore, String category) {
    }

    /**
     * @param delay        wait this long before sending
     * @param waitForEvent send only if this event type does not arrive within {@code waitTimeout} (null: none)
     * @param validFrom    first instant the campaign may fire (null: always)
     * @param validUntil   the campaign stops firing at this instant (null: never)
     * @param quietHours   no sends start in this daily window (null: none)
     */
    /**
     * @param bestHour send each email in the hour of the day its customer most often opens or clicks Herald's
     *                 emails, within a day of being queued (ADR 0065); {@code false}: as soon as it is due
     */
    public record Timing(Duration delay, String waitForEvent, Duration waitTimeout, Instant validFrom,
                         Instant validUntil, QuietHours quietHours, boolean bestHour) {

        public static final Timing NONE = new Timing(Duration.ZERO, null, Duration.ZERO, null, null, null, false);
    }

    /** A daily window, possibly across midnight (21:00–08:00), in a time zone. */
    public record QuietHours(LocalTime from, LocalTime to, ZoneId zone) {

        public boolean contains(Instant instant) {
            LocalTime time = instant.atZone(zone).toLocalTime();
            return from.isBefore(to)
                    ? !time.isBefore(from) && time.isBefore(to)
                    : !time.isBefore(from) || time.isBefore(to);
        }

        @Override
        public String toString() {
            return from + "–" + to + " " + zone;
        }
    }

    /** At most {@code max} sends of this campaign to one customer within {@code per}. */
    public record FrequencyCap(int max, Duration per) {
    }

    /** An experiment arm: template {@code template}, chosen for {@code weight} parts of the customers. */
    public record Variant(String name, String template, int weight) {
    }
}
