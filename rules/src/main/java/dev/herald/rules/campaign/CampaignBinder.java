package dev.herald.rules.campaign;

import dev.herald.engine.delivery.DeliverabilityPolicy;
import dev.herald.engine.delivery.Durations;
import dev.herald.engine.delivery.SunsetPolicy;
import dev.herald.engine.journey.Journey;
import dev.herald.engine.scoring.ScoringPolicy;
import dev.herald.engine.journey.JourneyStep;
import dev.herald.engine.journey.ReentryPolicy;
import dev.herald.rules.RuleError;
import dev.herald.rules.campaign.CampaignDefinition.AttributeCondition;
import dev.herald.rules.campaign.CampaignDefinition.FrequencyCap;
import dev.herald.rules.campaign.CampaignDefinition.Operator;
import dev.herald.rules.campaign.CampaignDefinition.QuietHours;
import dev.herald.rules.campaign.CampaignDefinition.RecommendationCondition;
import dev.herald.rules.campaign.CampaignDefinition.RfmCondition;
import dev.herald.rules.campaign.CampaignDefinition.Schedule;
import dev.herald.rules.campaign.CampaignDefinition.Timing;
import dev.herald.rules.campaign.CampaignDefinition.Variant;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a {@link SourceNode} tree into a checked {@link CampaignDefinition}, reporting every problem with its
 * location in a marketer's words. This is the gate in front of DRL: names must come from the vocabulary or the
 * catalogue and match {@link #ID}, text values may only hold {@link #SAFE_TEXT} characters, numbers must parse,
 * so nothing a marketer types can become code.
 */
final class CampaignBinder {

    /** Campaign, template, variant and experiment names: lower-case words joined by dashes. */
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    /** Text values (countries, categories, currencies...): letters, digits, space and a little punctuation. */
    static final Pattern SAFE_TEXT = Pattern.compile("[\\p{L}\\p{N} .,'&()/_+:-]{1,100}");
    private static final Pattern CONDITION = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(==|!=|>=|<=|>|<|=)\\s*(.*?)\\s*");
    private static final Pattern BOUND = Pattern.compile("\\s*(==|!=|>=|<=|>|<|=)?\\s*(.+?)\\s*");
    private static final Pattern LOCAL_DATE_TIME =
            Pattern.compile("\\s*(\\d{4}-\\d{2}-\\d{2})[T ](\\d{2}:\\d{2}(?::\\d{2})?)\\s*");
    private static final Pattern DURATION = Pattern.compile("\\s*(\\d{1,6})\\s*([smhdw])\\s*");
    private static final Set<String> TOP_KEYS = Set.of("id", "name", "description", "priority", "trigger", "audience",
            "recommendation", "timing", "frequencyCap", "template", "variants", "experiment", "holdout", "journey",
            "enabled", "type", "topic");
    private static final Set<String> JOURNEY_KEYS = Set.of("steps", "exitOn", "reentry");
    private static final Set<String> STEP_KINDS = Set.of("send", "delay", "wait");
    /** Step ids: like campaign ids but shorter, since the outbox row's step adds "#N" on re-entry. */
    static final Pattern STEP_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern NEXT_LOCAL_TIME = Pattern.compile("\\s*next\\s+(\\d{1,2}:\\d{2})\\s*");
    private static final Pattern AFTER = Pattern.compile("\\s*after\\s+(.+)");
    static final int MAX_STEPS = 50;
    private static final Set<String> RFM_DIMENSIONS = Set.of("recency", "frequency", "monetary");
    static final int MAX_PRIORITY = 1000;

    private final Catalog catalog;
    private final List<RuleError> errors;
    /** The folder's subscription topics ({@code herald-rules.yaml}), which {@code topic:} must name. */
    private final Set<String> topics;

    CampaignBinder(Catalog catalog, List<RuleError> errors) {
        this(catalog, errors, Set.of());
    }

    CampaignBinder(Catalog catalog, List<RuleError> errors, Set<String> topics) {
        this.catalog = catalog;
        this.errors = errors;
        this.topics = Set.copyOf(topics);
    }

    /** The definition, or empty when it has errors (all of them added to the error list). */
    Optional<CampaignDefinition> bind(SourceNode root, String defaultId) {
        int errorsBefore = errors.size();
        if (root.kind() != SourceNode.Kind.MAP) {
            error(root, "a campaign must be a mapping of fields (id, trigger, template...), not " + root.describeKind());
            return Optional.empty();
        }
        checkKeys(root, TOP_KEYS);
        Map<String, SourceNode> fields = root.entries();
        String id = fields.containsKey("id") ? identifier(fields.get("id"), "id") : defaultId;
        if (id != null && !ID.matcher(id).matches()) {
            error(fields.getOrDefault("id", root), "campaign id '" + printable(id) + "' must be lower-case letters, digits"
                    + " and dashes (e.g. win-back), at most 63 characters");
        }
        int priority = fields.containsKey("priority") ? integer(fields.get("priority"), "priority", 0, MAX_PRIORITY) : 0;

        String eventType = null;
        List<AttributeCondition> eventConditions = new ArrayList<>();
        Schedule schedule = null;
        SourceNode trigger = fields.get("trigger");
        if (trigger == null) {
            error(root, "missing 'trigger': which event starts this campaign (e.g. trigger: { event: order_completed }),"
                    + " or when (trigger: { at: 2026-12-01 10:00, zone: Europe/London })");
        } else if (requireMap(trigger, "trigger")) {
            checkKeys(trigger, Set.of("event", "conditions", "at", "zone"));
            SourceNode event = trigger.entries().get("event");
            SourceNode at = trigger.entries().get("at");
            SourceNode zone = trigger.entries().get("zone");
            if (at != null) {
                if (event != null) {
                    error(event, "a campaign starts either on an event (trigger.event) or at a time (trigger.at),"
                            + " not both");
                }
                if (trigger.entries().containsKey("conditions")) {
                    error(trigger.entries().get("conditions"), "trigger.conditions test the triggering event, and a"
                            + " scheduled campaign has none: write conditions on the customer under audience.conditions");
                }
                schedule = schedule(at, zone);
                if (schedule != null && id != null) {
                    // Herald's own event for this campaign alone: its rule matches nothing else
                    eventType = Vocabulary.CAMPAIGN_SCHEDULED;
                    eventConditions.add(new AttributeCondition("event", Vocabulary.SCHEDULED_CAMPAIGN,
                            Vocabulary.AttributeType.TEXT, Operator.EQ, id));
                }
            } else if (event == null) {
                error(trigger, "missing 'trigger.event' (one of " + Vocabulary.eventTypes() + "), or 'trigger.at' for"
                        + " a campaign sent once at a set time");
            } else {
                if (zone != null) {
                    error(zone, "trigger.zone is the time zone of trigger.at, which this campaign does not have");
                }
                eventType = text(event, "trigger.event");
                if (Vocabulary.CAMPAIGN_SCHEDULED.equals(eventType)) {
                    error(event, "'" + eventType + "' is Herald's own event for campaigns sent at a set time: write"
                            + " trigger.at (e.g. at: 2026-12-01 10:00) instead");
                    eventType = null;
                } else if (eventType != null && !Vocabulary.eventTypes().contains(eventType)) {
                    error(event, "unknown event type '" + printable(eventType) + "' (known: " + Vocabulary.eventTypes() + ")");
                    eventType = null;
                }
            }
            if (eventType != null && schedule == null) {
                for (SourceNode condition : listOf(trigger.entries().get("conditions"), "trigger.conditions")) {
                    condition(condition, "event", eventType).ifPresent(eventConditions::add);
                }
            }
        }

        List<String> segmentsIn = new ArrayList<>();
        List<String> segmentsNotIn = new ArrayList<>();
        List<RfmCondition> rfm = new ArrayList<>();
        List<String> countries = new ArrayList<>();
        String consent = null;
        List<AttributeCondition> customerConditions = new ArrayList<>();
        boolean includeUnengaged = false;
        SourceNode audience = fields.get("audience");
        if (audience != null && !audience.isNull() && requireMap(audience, "audience")) {
            checkKeys(audience, Set.of("segments", "notSegments", "rfm", "country", "consent", "conditions",
                    "includeUnengaged"));
            segmentsIn.addAll(segments(audience.entries().get("segments"), "audience.segments"));
            segmentsNotIn.addAll(segments(audience.entries().get("notSegments"), "audience.notSegments"));
            for (String segment : segmentsIn) {
                if (segmentsNotIn.contains(segment)) {
                    error(audience, "segment '" + segment + "' is both required and excluded: the campaign can never match");
                }
            }
            SourceNode rfmNode = audience.entries().get("rfm");
            if (rfmNode != null && requireMap(rfmNode, "audience.rfm")) {
                rfmNode.entries().forEach((dimension, bound) -> {
                    if (!RFM_DIMENSIONS.contains(dimension)) {
                        error(bound, "unknown RFM score '" + printable(dimension) + "' (known: recency, frequency, monetary)");
                    } else {
                        rfmCondition(dimension, bound).ifPresent(rfm::add);
                    }
                });
            }
            for (SourceNode country : listOf(audience.entries().get("country"), "audience.country")) {
                String value = safeText(country, "audience.country");
                if (value != null) {
                    countries.add(value);
                }
            }
            SourceNode consentNode = audience.entries().get("consent");
            if (consentNode != null && !consentNode.isNull()) {
                consent = text(consentNode, "audience.consent");
                if (consent != null && !Vocabulary.CONSENT_CHANNELS.contains(consent)) {
                    error(consentNode, "unknown consent channel '" + printable(consent) + "' (known: "
                            + new TreeSet<>(Vocabulary.CONSENT_CHANNELS) + ")");
                    consent = null;
                }
            }
            for (SourceNode condition : listOf(audience.entries().get("conditions"), "audience.conditions")) {
                condition(condition, "customer", null).ifPresent(customerConditions::add);
            }
            SourceNode unengagedNode = audience.entries().get("includeUnengaged");
            includeUnengaged = unengagedNode != null && !unengagedNode.isNull()
                    && bool(unengagedNode, "audience.includeUnengaged");
        }

        RecommendationCondition recommendation = null;
        SourceNode reco = fields.get("recommendation");
        if (reco != null && !reco.isNull() && requireMap(reco, "recommendation")) {
            checkKeys(reco, Set.of("minScore", "category"));
            SourceNode min = reco.entries().get("minScore");
            double minScore = min == null ? 0 : number(min, "recommendation.minScore", 0, 1);
            SourceNode category = reco.entries().get("category");
            recommendation = new RecommendationCondition(minScore,
                    category == null || category.isNull() ? null : safeText(category, "recommendation.category"));
        }

        Timing timing = timing(fields.get("timing"));
        if (schedule != null && fields.get("timing") != null && fields.get("timing").kind() == SourceNode.Kind.MAP) {
            for (var entry : fields.get("timing").entries().entrySet()) {
                if (!entry.getKey().equals("bestHour")) {
                    error(entry.getValue(), "timing." + entry.getKey() + " does not go with trigger.at: the campaign"
                            + " goes out at that time (a journey: may still wait between its emails; timing.bestHour"
                            + " may spread it over the customers' best hours)");
                }
            }
        }
        FrequencyCap cap = null;
        SourceNode capNode = fields.get("frequencyCap");
        if (capNode != null && !capNode.isNull()) {
            cap = cap(capNode, "frequencyCap").orElse(null);
        }

        SourceNode journeyNode = fields.get("journey");
        Journey journey = null;
        if (journeyNode != null && !journeyNode.isNull()) {
            journey = journey(journeyNode, id).orElse(null);
            SourceNode timingNode = fields.get("timing");
            if (timingNode != null && timingNode.kind() == SourceNode.Kind.MAP) {
                for (String key : List.of("delay", "waitFor")) {
                    if (timingNode.entries().containsKey(key)) {
                        error(timingNode.entries().get(key), "timing." + key + " cannot be combined with a journey:"
                                + " write it as a " + (key.equals("delay") ? "delay" : "wait") + " step");
                    }
                }
                if (timingNode.entries().containsKey("quietHours")) {
                    error(timingNode.entries().get("quietHours"), "timing.quietHours cannot be combined with a"
                            + " journey: a journey's emails keep the send-time quiet hours (herald.quiet-hours), which"
                            + " defer a send instead of dropping it");
                }
            }
            for (String key : List.of("variants", "experiment")) {
                if (fields.containsKey(key)) {
                    error(fields.get(key), "'" + key + "' cannot be combined with a journey: give each send step"
                            + " its own variants");
                }
            }
        }
        String template = null;
        SourceNode templateNode = fields.get("template");
        if (templateNode == null) {
            if (journeyNode == null) {
                error(root, "missing 'template': the email template this campaign sends");
            } else if (journey != null) {
                // the decision names the journey's first email
                template = journey.steps().stream().filter(s -> s instanceof JourneyStep.Send)
                        .map(s -> ((JourneyStep.Send) s).template()).findFirst().orElse(null);
            }
        } else {
            template = template(templateNode, "template");
        }
        List<Variant> variants = new ArrayList<>();
        for (SourceNode variantNode : listOf(fields.get("variants"), "variants")) {
            variant(variantNode).ifPresent(variants::add);
        }
        Set<String> variantNames = new TreeSet<>();
        for (Variant variant : variants) {
            if (!variantNames.add(variant.name())) {
                error(fields.get("variants"), "variant '" + variant.name() + "' is named twice");
            }
        }
        String experiment = null;
        SourceNode experimentNode = fields.get("experiment");
        if (experimentNode != null && !experimentNode.isNull()) {
            experiment = identifier(experimentNode, "experiment");
            if (variants.size() < 2) {
                error(experimentNode, "an experiment needs at least two variants");
            }
        }
        double holdout = fields.containsKey("holdout") ? number(fields.get("holdout"), "holdout", 0, 0.99) : 0;
        boolean enabled = !fields.containsKey("enabled") || bool(fields.get("enabled"), "enabled");
        boolean transactional = false;
        SourceNode typeNode = fields.get("type");
        if (typeNode != null) {
            String type = text(typeNode, "type");
            if (CampaignDefinition.TRANSACTIONAL.equals(type)) {
                transactional = true;
            } else if (type != null && !CampaignDefinition.MARKETING.equals(type)) {
                error(typeNode, "unknown campaign type '" + printable(type) + "' (known: marketing, the default,"
                        + " and transactional)");
            }
        }
        if (transactional && timing.bestHour()) {
            error(fields.get("timing").entries().get("bestHour"), "a transactional campaign is sent at once:"
                    + " timing.bestHour is for marketing email");
        }
        String topic = null;
        SourceNode topicNode = fields.get("topic");
        if (topicNode != null && !topicNode.isNull()) {
            topic = text(topicNode, "topic");
            if (topic != null && !topics.contains(topic)) {
                error(topicNode, "unknown topic '" + printable(topic) + "' (" + (topics.isEmpty()
                        ? "no topics are defined: list them under topics: in " + RuleSettings.FILE_NAME
                        : "known: " + new TreeSet<>(topics)) + ")");
                topic = null;
            } else if (topic != null && transactional) {
                error(topicNode, "a transactional campaign is sent whatever the customer's subscriptions: remove"
                        + " topic, or make it type: marketing");
                topic = null;
            }
        }
        if (transactional && includeUnengaged) {
            error(audience.entries().get("includeUnengaged"), "a transactional campaign is never held back by the"
                    + " sunset policy: remove audience.includeUnengaged, or make it type: marketing");
        }
        if (transactional && consent != null) {
            error(audience.entries().get("consent"), "a transactional campaign is sent whatever the customer's"
                    + " marketing consent: remove audience.consent, or make it type: marketing");
        }

        if (errors.size() > errorsBefore) {
            return Optional.empty();
        }
        return Optional.of(new CampaignDefinition(id, root.file(), root.line(), priority, eventType, eventConditions,
                segmentsIn, segmentsNotIn, rfm, countries, consent, customerConditions, recommendation, timing, cap,
                template, variants, experiment, holdout, journey, enabled, transactional, schedule, topic,
                includeUnengaged));
    }

    /** {@code journey:} — steps, exit events and re-entry policy; every problem at its line. */
    private Optional<Journey> journey(SourceNode node, String campaignId) {
        if (!requireMap(node, "journey")) {
            return Optional.empty();
        }
        int before = errors.size();
        checkKeys(node, JOURNEY_KEYS);
        Map<String, SourceNode> fields = node.entries();
        Set<String> exitOn = new TreeSet<>();
        for (SourceNode exit : listOf(fields.get("exitOn"), "journey.exitOn")) {
            String name = signal(exit, "journey.exitOn");
            if (name != null) {
                exitOn.add(name);
            }
        }
        ReentryPolicy reentry = ReentryPolicy.NEVER;
        SourceNode reentryNode = fields.get("reentry");
        if (reentryNode != null) {
            reentry = reentry(reentryNode);
        }
        SourceNode stepsNode = fields.get("steps");
        List<JourneyStep> steps = new ArrayList<>();
        List<SourceNode> stepNodes = new ArrayList<>();
        if (stepsNode == null || stepsNode.isNull()) {
            error(node, "journey.steps is missing: list the steps (send, delay, wait) in order");
        } else if (stepsNode.kind() != SourceNode.Kind.LIST) {
            error(stepsNode, "journey.steps must be a list of steps, not " + stepsNode.describeKind());
        } else if (stepsNode.items().size() > MAX_STEPS) {
            error(stepsNode, "a journey may have at most " + MAX_STEPS + " steps, this one has "
                    + stepsNode.items().size());
        } else {
            Map<String, Integer> positions = new java.util.HashMap<>();
            for (int i = 0; i < stepsNode.items().size(); i++) {
                SourceNode stepNode = stepsNode.items().get(i);
                Optional<JourneyStep> step = step(stepNode, i + 1);
                if (step.isPresent()) {
                    Integer earlier = positions.putIfAbsent(step.get().id(), i);
                    if (earlier != null) {
                        error(stepNode, "step id '" + step.get().id() + "' is used twice (first on line "
                                + stepNodes.get(earlier).line() + ")");
                    }
                    steps.add(step.get());
                    stepNodes.add(stepNode);
                } else {
                    steps.add(null);
                    stepNodes.add(stepNode);
                }
            }
            // where waits go: next, end, or a LATER step (forward only, so a journey cannot loop)
            for (int i = 0; i < steps.size(); i++) {
                if (steps.get(i) instanceof JourneyStep.Wait wait) {
                    for (String[] target : List.of(new String[]{"onEvent", wait.onEvent()},
                            new String[]{"onTimeout", wait.onTimeout()})) {
                        String to = target[1];
                        if (to.equals(JourneyStep.NEXT) || to.equals(JourneyStep.END)) {
                            continue;
                        }
                        Integer at = positions.get(to);
                        if (at == null) {
                            error(stepNodes.get(i), "wait." + target[0] + " names unknown step '" + printable(to)
                                    + "' (use next, end or the id of a later step)");
                        } else if (at <= i) {
                            error(stepNodes.get(i), "wait." + target[0] + " goes back to step '" + to
                                    + "': a journey may only jump forward (next, end or a later step)");
                        }
                    }
                }
            }
            if (steps.stream().noneMatch(s -> s instanceof JourneyStep.Send) && !steps.contains(null)) {
                error(stepsNode, "a journey needs at least one send step");
            }
        }
        if (errors.size() > before || campaignId == null) {
            return Optional.empty();
        }
        return Optional.of(new Journey(campaignId, steps, exitOn, reentry));
    }

    private Optional<JourneyStep> step(SourceNode node, int position) {
        if (!requireMap(node, "a journey step")) {
            return Optional.empty();
        }
        int before = errors.size();
        Set<String> allowed = new TreeSet<>(STEP_KINDS);
        allowed.add("id");
        checkKeys(node, allowed);
        Map<String, SourceNode> fields = node.entries();
        String id = String.valueOf(position);
        if (fields.containsKey("id")) {
            String given = text(fields.get("id"), "step id");
            if (given != null && !STEP_ID.matcher(given).matches()) {
                error(fields.get("id"), "step id '" + printable(given) + "' must be lower-case letters, digits and"
                        + " dashes, at most 40 characters");
            } else if (given != null) {
                id = given;
            }
        }
        List<String> kinds = fields.keySet().stream().filter(STEP_KINDS::contains).toList();
        if (kinds.size() != 1) {
            error(node, kinds.isEmpty()
                    ? "a step needs one of send, delay or wait (e.g. - delay: 2h)"
                    : "a step does one thing: found " + String.join(" and ", kinds) + "; split it into steps");
            return Optional.empty();
        }
        SourceNode body = fields.get(kinds.get(0));
        JourneyStep step = switch (kinds.get(0)) {
            case "send" -> sendStep(id, body);
            case "delay" -> delayStep(id, body);
            default -> waitStep(id, body);
        };
        return errors.size() > before || step == null ? Optional.empty() : Optional.of(step);
    }

    private JourneyStep sendStep(String id, SourceNode body) {
        if (body.kind() == SourceNode.Kind.SCALAR) {
            String template = template(body, "send");
            return template == null ? null : new JourneyStep.Send(id, template, List.of());
        }
        if (!requireMap(body, "send")) {
            return null;
        }
        checkKeys(body, Set.of("template", "variants"));
        SourceNode templateNode = body.entries().get("template");
        if (templateNode == null) {
            error(body, "send needs 'template': the email this step sends");
            return null;
        }
        String template = template(templateNode, "send.template");
        List<JourneyStep.Variant> variants = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        for (SourceNode variantNode : listOf(body.entries().get("variants"), "send.variants")) {
            Optional<Variant> variant = variant(variantNode);
            if (variant.isPresent()) {
                if (!names.add(variant.get().name())) {
                    error(variantNode, "variant '" + variant.get().name() + "' is named twice");
                }
                variants.add(new JourneyStep.Variant(variant.get().name(), variant.get().template(),
                        variant.get().weight()));
            }
        }
        return template == null ? null : new JourneyStep.Send(id, template, variants);
    }

    private JourneyStep delayStep(String id, SourceNode body) {
        String value = text(body, "delay");
        if (value == null) {
            return null;
        }
        Matcher local = NEXT_LOCAL_TIME.matcher(value);
        if (local.matches()) {
            LocalTime time = time(SourceNode.scalar(body.file(), body.line(), body.column(), local.group(1)), "delay");
            return time == null ? null : JourneyStep.Delay.until(id, time);
        }
        if (value.startsWith("-")) {
            error(body, "a delay cannot be negative, got '" + printable(value) + "'");
            return null;
        }
        int before = errors.size();
        Duration duration = duration(body, "delay");
        if (errors.size() > before) {
            errors.remove(errors.size() - 1);
            error(body, "delay must be a duration such as 90s, 30m, 1h, 7d or 2w, or a time of day in the"
                    + " customer's time zone such as 'next 09:00'; got '" + printable(value) + "'");
            return null;
        }
        if (duration.isZero()) {
            error(body, "a delay of zero does nothing: remove the step or give a duration");
            return null;
        }
        return JourneyStep.Delay.of(id, duration);
    }

    private JourneyStep waitStep(String id, SourceNode body) {
        if (!requireMap(body, "wait")) {
            return null;
        }
        checkKeys(body, Set.of("event", "timeout", "onEvent", "onTimeout"));
        SourceNode eventNode = body.entries().get("event");
        SourceNode timeoutNode = body.entries().get("timeout");
        if (eventNode == null || timeoutNode == null) {
            error(body, "wait needs 'event' (what to wait for) and 'timeout' (how long, e.g. 1h)");
            return null;
        }
        String event = signal(eventNode, "wait.event");
        String timeoutText = text(timeoutNode, "wait.timeout");
        Duration timeout = Duration.ZERO;
        if (timeoutText != null && timeoutText.startsWith("-")) {
            error(timeoutNode, "wait.timeout cannot be negative, got '" + printable(timeoutText) + "'");
        } else if (timeoutText != null) {
            timeout = duration(timeoutNode, "wait.timeout");
            if (timeout.isZero() && DURATION.matcher(timeoutText).matches()) {
                error(timeoutNode, "wait.timeout must be longer than zero");
            }
        }
        String onEvent = target(body.entries().get("onEvent"), "wait.onEvent", JourneyStep.END);
        String onTimeout = target(body.entries().get("onTimeout"), "wait.onTimeout", JourneyStep.NEXT);
        return event == null ? null : new JourneyStep.Wait(id, event, timeout, onEvent, onTimeout);
    }

    private String target(SourceNode node, String field, String fallback) {
        if (node == null) {
            return fallback;
        }
        String value = text(node, field);
        if (value == null) {
            return fallback;
        }
        if (!value.equals(JourneyStep.NEXT) && !value.equals(JourneyStep.END) && !STEP_ID.matcher(value).matches()) {
            error(node, field + " must be next, end or a step id, got '" + printable(value) + "'");
            return fallback;
        }
        return value;
    }

    /** An event type or journey signal name (wait.event, exitOn). */
    private String signal(SourceNode node, String field) {
        String name = text(node, field);
        if (name != null && !Vocabulary.journeySignals().contains(name)) {
            error(node, "unknown event '" + printable(name) + "' in " + field + " (known: "
                    + Vocabulary.journeySignals() + ")");
            return null;
        }
        return name;
    }

    private ReentryPolicy reentry(SourceNode node) {
        String value = text(node, "journey.reentry");
        if (value == null) {
            return ReentryPolicy.NEVER;
        }
        if (value.equals("never")) {
            return ReentryPolicy.NEVER;
        }
        if (value.equals("always")) {
            return ReentryPolicy.ALWAYS;
        }
        Matcher after = AFTER.matcher(value);
        if (after.matches() && DURATION.matcher(after.group(1)).matches()) {
            Duration coolDown = duration(SourceNode.scalar(node.file(), node.line(), node.column(), after.group(1)),
                    "journey.reentry");
            if (!coolDown.isZero()) {
                return ReentryPolicy.after(coolDown);
            }
        }
        error(node, "journey.reentry must be never, always or 'after DURATION' (e.g. after 7d), got '"
                + printable(value) + "'");
        return ReentryPolicy.NEVER;
    }

    /** The global cap across campaigns, from the settings file. */
    Optional<FrequencyCap> cap(SourceNode node, String field) {
        if (!requireMap(node, field)) {
            return Optional.empty();
        }
        checkKeys(node, Set.of("max", "per"));
        SourceNode maxNode = node.entries().get("max");
        SourceNode perNode = node.entries().get("per");
        if (maxNode == null || perNode == null) {
            error(node, "impossible cap: '" + field + "' needs both 'max' (sends) and 'per' (a period such as 7d)");
            return Optional.empty();
        }
        int before = errors.size();
        int max = integer(maxNode, field + ".max", Integer.MIN_VALUE, Integer.MAX_VALUE);
        Duration per = duration(perNode, field + ".per");
        if (errors.size() > before) {
            return Optional.empty();
        }
        if (max < 1) {
            error(maxNode, "impossible cap: " + field + ".max is " + max + ", so nothing could ever be sent; use 1 or"
                    + " more, or remove the campaign");
            return Optional.empty();
        }
        if (per.isZero()) {
            error(perNode, "impossible cap: " + field + ".per must be longer than zero");
            return Optional.empty();
        }
        return Optional.of(new FrequencyCap(max, per));
    }

    /**
     * {@code sunset: {after: 180d, minEmails: 5}} of herald-rules.yaml (ADR 0070); {@link SunsetPolicy#NONE}
     * (reported) when it cannot be read.
     */
    SunsetPolicy sunset(SourceNode node) {
        if (!requireMap(node, "sunset")) {
            return SunsetPolicy.NONE;
        }
        checkKeys(node, Set.of("after", "minEmails"));
        SourceNode afterNode = node.entries().get("after");
        if (afterNode == null) {
            error(node, "sunset needs 'after': how long without an open, click or order before marketing email"
                    + " stops, e.g. after: 180d");
            return SunsetPolicy.NONE;
        }
        int before = errors.size();
        Duration after = duration(afterNode, "sunset.after");
        SourceNode minNode = node.entries().get("minEmails");
        int minEmails = minNode == null ? SunsetPolicy.DEFAULT_MIN_EMAILS
                : integer(minNode, "sunset.minEmails", 1, 1000);
        if (errors.size() > before) {
            return SunsetPolicy.NONE;
        }
        if (after.compareTo(SunsetPolicy.SHORTEST) < 0) {
            error(afterNode, "sunset.after must be at least " + Durations.format(SunsetPolicy.SHORTEST)
                    + ": a shorter silence says nothing (people go on holiday), got " + Durations.format(after));
            return SunsetPolicy.NONE;
        }
        return new SunsetPolicy(after, minEmails);
    }

    /**
     * {@code deliverability: {bounceRate: 5%, complaintRate: 0.3%, minEmails: 200, within: 24h}}, each field optional
     * (the defaults are {@link DeliverabilityPolicy#DEFAULT}'s), or {@code deliverability: off} (ADR 0074).
     */
    DeliverabilityPolicy deliverability(SourceNode node) {
        DeliverabilityPolicy d = DeliverabilityPolicy.DEFAULT;
        if (node.kind() == SourceNode.Kind.SCALAR && !node.isNull()
                && Set.of("off", "false", "no", "none").contains(node.text().strip().toLowerCase(java.util.Locale.ROOT))) {
            return DeliverabilityPolicy.NONE;
        }
        if (node.kind() == SourceNode.Kind.SCALAR) {
            error(node, "deliverability must be off or a mapping of bounceRate, complaintRate, minEmails and within,"
                    + " got '" + printable(node.isNull() ? "" : node.text()) + "'");
            return d;
        }
        if (!requireMap(node, "deliverability")) {
            return d;
        }
        checkKeys(node, Set.of("bounceRate", "complaintRate", "minEmails", "within"));
        Map<String, SourceNode> fields = node.entries();
        int before = errors.size();
        double bounceRate = fields.containsKey("bounceRate")
                ? share(fields.get("bounceRate"), "deliverability.bounceRate", 0.5) : d.maxBounceRate();
        double complaintRate = fields.containsKey("complaintRate")
                ? share(fields.get("complaintRate"), "deliverability.complaintRate", 0.1) : d.maxComplaintRate();
        int minEmails = fields.containsKey("minEmails")
                ? integer(fields.get("minEmails"), "deliverability.minEmails", 1, 10_000_000) : d.minEmails();
        Duration within = fields.containsKey("within") ? duration(fields.get("within"), "deliverability.within")
                : d.within();
        for (String field : List.of("bounceRate", "complaintRate")) {
            double rate = field.equals("bounceRate") ? bounceRate : complaintRate;
            if (fields.containsKey(field) && errors.size() == before && rate <= 0) {
                error(fields.get(field), "deliverability." + field + " must be above 0%; to never pause a campaign"
                        + " write deliverability: off");
            }
        }
        if (fields.containsKey("within") && errors.size() == before && within.compareTo(Duration.ofHours(1)) < 0) {
            error(fields.get("within"), "deliverability.within must be at least 1h, got " + Durations.format(within));
        }
        return errors.size() > before ? d : new DeliverabilityPolicy(bounceRate, complaintRate, minEmails, within);
    }

    /**
     * {@code scoring: {halfLife: 30d, points: {email_clicked: 3, ...}, veryEngaged: 30, engaged: 10}}, each field
     * optional (the defaults are {@link ScoringPolicy#DEFAULT}'s; points listed replace those actions' defaults, 0 stops
     * one counting), or {@code scoring: off} (ADR 0075).
     */
    ScoringPolicy scoring(SourceNode node) {
        ScoringPolicy d = ScoringPolicy.DEFAULT;
        if (node.kind() == SourceNode.Kind.SCALAR && !node.isNull()
                && Set.of("off", "false", "no", "none").contains(node.text().strip().toLowerCase(java.util.Locale.ROOT))) {
            return ScoringPolicy.NONE;
        }
        if (node.kind() == SourceNode.Kind.SCALAR) {
            error(node, "scoring must be off or a mapping of halfLife, points, veryEngaged and engaged, got '"
                    + printable(node.isNull() ? "" : node.text()) + "'");
            return d;
        }
        if (!requireMap(node, "scoring")) {
            return d;
        }
        checkKeys(node, Set.of("halfLife", "points", "veryEngaged", "engaged"));
        Map<String, SourceNode> fields = node.entries();
        int before = errors.size();
        Duration halfLife = fields.containsKey("halfLife") ? duration(fields.get("halfLife"), "scoring.halfLife")
                : d.halfLife();
        if (fields.containsKey("halfLife") && errors.size() == before && halfLife.compareTo(Duration.ofDays(1)) < 0) {
            error(fields.get("halfLife"), "scoring.halfLife must be at least 1d: engagement does not fade within hours,"
                    + " got " + Durations.format(halfLife));
        }
        Map<String, Double> points = new java.util.LinkedHashMap<>(d.points());
        SourceNode pointsNode = fields.get("points");
        if (pointsNode != null && requireMap(pointsNode, "scoring.points")) {
            pointsNode.entries().forEach((kind, value) -> {
                if (!ScoringPolicy.KINDS.contains(kind)) {
                    error(value, "scoring.points has no action '" + printable(kind) + "' (known: "
                            + String.join(", ", ScoringPolicy.KINDS) + ")");
                } else {
                    points.put(kind, number(value, "scoring.points." + kind, 0, 1000));
                }
            });
        }
        double very = fields.containsKey("veryEngaged")
                ? number(fields.get("veryEngaged"), "scoring.veryEngaged", 0, 1_000_000) : d.veryEngagedFrom();
        double engaged = fields.containsKey("engaged")
                ? number(fields.get("engaged"), "scoring.engaged", 0, 1_000_000) : d.engagedFrom();
        if (errors.size() == before && !(engaged > 0 && very > engaged)) {
            error(fields.getOrDefault("engaged", fields.getOrDefault("veryEngaged", node)), "scoring needs 0 < engaged"
                    + " < veryEngaged, got engaged " + ScoringPolicy.number(engaged) + " and veryEngaged "
                    + ScoringPolicy.number(very));
        }
        return errors.size() > before ? d : new ScoringPolicy(halfLife, points, very, engaged);
    }

    private Timing timing(SourceNode node) {
        if (node == null || node.isNull() || !requireMap(node, "timing")) {
            return Timing.NONE;
        }
        checkKeys(node, Set.of("delay", "waitFor", "validFrom", "validUntil", "quietHours", "bestHour"));
        Map<String, SourceNode> fields = node.entries();
        Duration delay = fields.containsKey("delay") ? duration(fields.get("delay"), "timing.delay") : Duration.ZERO;
        String waitFor = null;
        Duration timeout = Duration.ZERO;
        SourceNode waitNode = fields.get("waitFor");
        if (waitNode != null && requireMap(waitNode, "timing.waitFor")) {
            checkKeys(waitNode, Set.of("event", "timeout"));
            SourceNode event = waitNode.entries().get("event");
            SourceNode timeoutNode = waitNode.entries().get("timeout");
            if (event == null || timeoutNode == null) {
                error(waitNode, "timing.waitFor needs 'event' (the event that cancels the send) and 'timeout' (e.g. 1h)");
            } else {
                waitFor = text(event, "timing.waitFor.event");
                if (waitFor != null && !Vocabulary.eventTypes().contains(waitFor)) {
                    error(event, "unknown event type '" + printable(waitFor) + "' (known: " + Vocabulary.eventTypes() + ")");
                }
                timeout = duration(timeoutNode, "timing.waitFor.timeout");
                if (timeout.isZero()) {
                    error(timeoutNode, "timing.waitFor.timeout must be longer than zero");
                }
            }
        }
        Instant from = fields.containsKey("validFrom") ? date(fields.get("validFrom"), "timing.validFrom", false) : null;
        Instant until = fields.containsKey("validUntil") ? date(fields.get("validUntil"), "timing.validUntil", true) : null;
        if (from != null && until != null && !from.isBefore(until)) {
            error(fields.get("validUntil"), "timing.validUntil is not after timing.validFrom: the campaign can never run");
        }
        QuietHours quiet = null;
        SourceNode quietNode = fields.get("quietHours");
        if (quietNode != null && requireMap(quietNode, "timing.quietHours")) {
            checkKeys(quietNode, Set.of("from", "to", "zone"));
            SourceNode fromNode = quietNode.entries().get("from");
            SourceNode toNode = quietNode.entries().get("to");
            if (fromNode == null || toNode == null) {
                error(quietNode, "timing.quietHours needs 'from' and 'to' (e.g. from: \"21:00\", to: \"08:00\")");
            } else {
                LocalTime start = time(fromNode, "timing.quietHours.from");
                LocalTime end = time(toNode, "timing.quietHours.to");
                ZoneId zone = zone(quietNode.entries().get("zone"), "timing.quietHours.zone").orElse(ZoneOffset.UTC);
                if (start != null && end != null) {
                    if (start.equals(end)) {
                        error(quietNode, "timing.quietHours from and to are equal: write the window to keep quiet");
                    }
                    quiet = new QuietHours(start, end, zone);
                }
            }
        }
        boolean bestHour = fields.containsKey("bestHour") && bool(fields.get("bestHour"), "timing.bestHour");
        return new Timing(delay, waitFor, timeout, from, until, quiet, bestHour);
    }

    private Optional<AttributeCondition> condition(SourceNode node, String scope, String eventType) {
        String text = text(node, scope.equals("event") ? "trigger.conditions" : "audience.conditions");
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = CONDITION.matcher(text);
        if (!matcher.matches()) {
            error(node, "cannot read condition '" + printable(text) + "': write ATTRIBUTE OPERATOR VALUE, e.g. total >= 50"
                    + " (operators: == != > >= < <=)");
            return Optional.empty();
        }
        String attribute = matcher.group(1);
        Optional<Vocabulary.AttributeType> type = scope.equals("event")
                ? Vocabulary.eventAttribute(eventType, attribute)
                : Vocabulary.customerAttribute(attribute);
        if (type.isEmpty()) {
            error(node, "unknown attribute '" + attribute + "' " + (scope.equals("event")
                    ? "of event " + eventType + " (known: " + Vocabulary.eventAttributes(eventType) + ")"
                    : "of a customer (known: " + Vocabulary.customerAttributes() + ")"));
            return Optional.empty();
        }
        Operator operator = Operator.fromSymbol(matcher.group(2).equals("=") ? "==" : matcher.group(2));
        String raw = matcher.group(3);
        if (type.get() == Vocabulary.AttributeType.NUMBER) {
            Optional<Double> value = parseNumber(raw);
            if (value.isEmpty()) {
                error(node, "type mismatch: " + attribute + " is a number, but '" + printable(raw) + "' is not");
                return Optional.empty();
            }
            return Optional.of(new AttributeCondition(scope, attribute, type.get(), operator, value.get()));
        }
        if (operator != Operator.EQ && operator != Operator.NE) {
            error(node, "type mismatch: " + attribute + " is text, so it can only be compared with == or !=, not "
                    + operator.symbol());
            return Optional.empty();
        }
        String value = unquote(raw);
        if (!SAFE_TEXT.matcher(value).matches()) {
            error(node, unsafeTextMessage(attribute, value));
            return Optional.empty();
        }
        if ((attribute.equals(Vocabulary.FROM_SEGMENT) || attribute.equals(Vocabulary.TO_SEGMENT))
                && !catalog.segments().contains(value)) {
            // a misspelt segment would make a trigger that never fires
            error(node, "unknown segment '" + printable(value) + "' in " + attribute + " (known: "
                    + new TreeSet<>(catalog.segments()) + ")");
            return Optional.empty();
        }
        return Optional.of(new AttributeCondition(scope, attribute, type.get(), operator, value));
    }

    private Optional<RfmCondition> rfmCondition(String dimension, SourceNode node) {
        String text = text(node, "audience.rfm." + dimension);
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = BOUND.matcher(text);
        if (!matcher.matches()) {
            error(node, "cannot read RFM bound '" + printable(text) + "': write e.g. \">= 4\" or 5");
            return Optional.empty();
        }
        Operator operator = matcher.group(1) == null || matcher.group(1).equals("=")
                ? Operator.EQ : Operator.fromSymbol(matcher.group(1));
        int value;
        try {
            value = Integer.parseInt(matcher.group(2));
        } catch (NumberFormatException e) {
            error(node, "type mismatch: RFM " + dimension + " is a whole number 1..5, but '" + printable(matcher.group(2))
                    + "' is not");
            return Optional.empty();
        }
        boolean possible = false;
        for (int score = 1; score <= 5; score++) {
            possible |= operator.test(score, value);
        }
        if (!possible) {
            error(node, "RFM " + dimension + " " + operator.symbol() + " " + value + " can never match: scores are 1..5");
            return Optional.empty();
        }
        return Optional.of(new RfmCondition(dimension, operator, value));
    }

    private Optional<Variant> variant(SourceNode node) {
        if (!requireMap(node, "variants")) {
            return Optional.empty();
        }
        checkKeys(node, Set.of("name", "template", "weight"));
        SourceNode name = node.entries().get("name");
        SourceNode template = node.entries().get("template");
        if (name == null || template == null) {
            error(node, "a variant needs 'name' and 'template' (and optionally 'weight', default 1)");
            return Optional.empty();
        }
        int before = errors.size();
        String variantName = identifier(name, "variants.name");
        String variantTemplate = template(template, "variants.template");
        int weight = node.entries().containsKey("weight") ? integer(node.entries().get("weight"), "variants.weight", 1, 1000) : 1;
        return errors.size() > before ? Optional.empty() : Optional.of(new Variant(variantName, variantTemplate, weight));
    }

    private List<String> segments(SourceNode node, String field) {
        List<String> names = new ArrayList<>();
        for (SourceNode item : listOf(node, field)) {
            String name = text(item, field);
            if (name == null) {
                continue;
            }
            if (!catalog.segments().contains(name)) {
                error(item, "unknown segment '" + printable(name) + "' (known: " + new TreeSet<>(catalog.segments()) + ")");
            } else {
                names.add(name);
            }
        }
        return names;
    }

    private String template(SourceNode node, String field) {
        String key = identifier(node, field);
        if (key != null && !catalog.templateExists().test(key)) {
            error(node, "unknown template '" + key + "': no email template with that key exists");
        }
        return key;
    }

    private String identifier(SourceNode node, String field) {
        String value = text(node, field);
        if (value != null && !ID.matcher(value).matches()) {
            error(node, field + " '" + printable(value) + "' must be lower-case letters, digits and dashes, at most 63 characters");
            return null;
        }
        return value;
    }

    private String safeText(SourceNode node, String field) {
        String value = text(node, field);
        if (value != null && !SAFE_TEXT.matcher(value).matches()) {
            error(node, unsafeTextMessage(field, value));
            return null;
        }
        return value;
    }

    private String text(SourceNode node, String field) {
        if (node.kind() != SourceNode.Kind.SCALAR) {
            error(node, field + " must be a single value, not " + node.describeKind());
            return null;
        }
        if (node.isNull()) {
            error(node, field + " is empty");
            return null;
        }
        return node.text().strip();
    }

    /** {@code true} or {@code false} (YAML's yes/no spellings too); anything else is an error. */
    private boolean bool(SourceNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            return true;
        }
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                error(node, "type mismatch: " + field + " must be true or false, got '" + printable(value) + "'");
                yield true;
            }
        };
    }

    private int integer(SourceNode node, String field, int min, int max) {
        String value = text(node, field);
        if (value == null) {
            return 0;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                error(node, field + " must be within " + min + ".." + max + ", got " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            error(node, "type mismatch: " + field + " must be a whole number, got '" + printable(value) + "'");
            return 0;
        }
    }

    /**
     * A share of customers written {@code 5%} or {@code 0.05}, within 0..{@code max}; 0 (reported) when it cannot be
     * read.
     */
    double share(SourceNode node, String field, double max) {
        String value = text(node, field);
        if (value == null) {
            return 0;
        }
        double share;
        try {
            share = dev.herald.engine.experiment.GlobalControlGroup.parseShare(value);
        } catch (IllegalArgumentException e) {
            error(node, "type mismatch: " + field + " must be a share such as 5% or 0.05, got '" + printable(value) + "'");
            return 0;
        }
        if (share < 0 || share > max) {
            error(node, field + " must be within 0% and " + Math.round(max * 100) + "%, got " + value.strip());
            return 0;
        }
        return share;
    }

    private double number(SourceNode node, String field, double min, double max) {
        String value = text(node, field);
        if (value == null) {
            return 0;
        }
        Optional<Double> parsed = parseNumber(value);
        if (parsed.isEmpty()) {
            error(node, "type mismatch: " + field + " must be a number, got '" + printable(value) + "'");
            return 0;
        }
        if (parsed.get() < min || parsed.get() > max) {
            error(node, field + " must be within " + min + ".." + max + ", got " + value);
        }
        return parsed.get();
    }

    private Duration duration(SourceNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            return Duration.ZERO;
        }
        Matcher matcher = DURATION.matcher(value);
        if (!matcher.matches()) {
            error(node, "type mismatch: " + field + " must be a duration such as 90s, 30m, 1h, 7d or 2w, got '"
                    + printable(value) + "'");
            return Duration.ZERO;
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofDays(7 * amount);
        };
    }

    private Instant date(SourceNode node, String field, boolean endOfDay) {
        String value = text(node, field);
        if (value == null) {
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(value);
            return (endOfDay ? date.plusDays(1) : date).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeException e) {
            try {
                return Instant.parse(value);
            } catch (DateTimeException e2) {
                error(node, "type mismatch: " + field + " must be a date (2026-12-31) or an instant"
                        + " (2026-12-31T18:00:00Z), got '" + printable(value) + "'");
                return null;
            }
        }
    }

    /** {@code topics:} of {@code herald-rules.yaml}: topic id → the label customers read, in the order written. */
    /**
     * The topics: id → label, written {@code newsletter: Our newsletter}, or with translations of the label
     * ({@code newsletter: {label: Our newsletter, de: Unser Newsletter}}), which go into {@code translations}.
     */
    Map<String, String> topics(SourceNode node, Map<String, Map<String, String>> translations) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (!requireMap(node, "topics")) {
            return out;
        }
        node.entries().forEach((id, label) -> {
            if (!ID.matcher(id).matches()) {
                error(label, "topic id '" + printable(id) + "' must be lower-case letters, digits and dashes (e.g."
                        + " newsletter)");
            } else if (label.kind() == SourceNode.Kind.MAP) {
                SourceNode main = label.entries().get("label");
                if (main == null) {
                    error(label, "topics." + id + " needs its label (label: ...) besides its translations");
                }
                String text = main == null ? null : safeText(main, "topics." + id + ".label");
                if (text != null) {
                    out.put(id, text);
                }
                label.entries().forEach((tag, translated) -> {
                    if (tag.equals("label")) {
                        return;
                    }
                    if (!dev.herald.engine.application.CustomerLocale.isCanonicalTag(tag)) {
                        error(translated, "topics." + id + ": '" + printable(tag) + "' is not a language tag such as"
                                + " de or pt-BR");
                        return;
                    }
                    String t = safeText(translated, "topics." + id + "." + tag);
                    if (t != null) {
                        translations.computeIfAbsent(id, k -> new java.util.LinkedHashMap<>()).put(tag, t);
                    }
                });
            } else {
                String text = safeText(label, "topics." + id);
                if (text != null) {
                    out.put(id, text);
                }
            }
        });
        return out;
    }

    /** A time zone such as Europe/London; empty when the node is absent or (reported) not a zone. */
    private Optional<ZoneId> zone(SourceNode node, String field) {
        if (node == null) {
            return Optional.empty();
        }
        String text = text(node, field);
        try {
            return Optional.of(ZoneId.of(text));
        } catch (DateTimeException | NullPointerException e) {
            error(node, "unknown time zone '" + printable(text) + "' (e.g. Europe/London, UTC)");
            return Optional.empty();
        }
    }

    /** {@code trigger.at} (a local date and time) in {@code trigger.zone} (UTC when absent). */
    private Schedule schedule(SourceNode atNode, SourceNode zoneNode) {
        String value = text(atNode, "trigger.at");
        Optional<ZoneId> zone = zone(zoneNode, "trigger.zone");
        if (value == null || (zoneNode != null && zone.isEmpty())) {
            return null;
        }
        Matcher matcher = LOCAL_DATE_TIME.matcher(value);
        try {
            if (matcher.matches()) {
                return new Schedule(LocalDateTime.parse(matcher.group(1) + "T" + matcher.group(2)),
                        zone.orElse(ZoneOffset.UTC));
            }
        } catch (DateTimeException e) {
            // reported below
        }
        error(atNode, "type mismatch: trigger.at must be a date and time such as 2026-12-01 10:00, got '"
                + printable(value) + "'");
        return null;
    }

    private LocalTime time(SourceNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            return null;
        }
        try {
            return LocalTime.parse(value.length() == 4 ? "0" + value : value);
        } catch (DateTimeException e) {
            error(node, "type mismatch: " + field + " must be a time of day such as 21:00, got '" + printable(value) + "'");
            return null;
        }
    }

    private List<SourceNode> listOf(SourceNode node, String field) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.kind() == SourceNode.Kind.SCALAR) {
            return List.of(node);  // a single value where a list is allowed
        }
        if (node.kind() != SourceNode.Kind.LIST) {
            error(node, field + " must be a list, not " + node.describeKind());
            return List.of();
        }
        return node.items();
    }

    private boolean requireMap(SourceNode node, String field) {
        if (node.kind() != SourceNode.Kind.MAP) {
            error(node, field + " must be a mapping of fields, not " + node.describeKind());
            return false;
        }
        return true;
    }

    private void checkKeys(SourceNode node, Set<String> known) {
        node.entries().forEach((key, value) -> {
            if (!known.contains(key)) {
                error(value, "unknown field '" + printable(key) + "' (known here: " + new TreeSet<>(known) + ")");
            }
        });
    }

    void error(SourceNode node, String message) {
        String located = node.column() == null ? message : node.column() + ": " + message;
        errors.add(new RuleError(node.file(), node.line(), located));
    }

    private static Optional<Double> parseNumber(String raw) {
        try {
            BigDecimal value = new BigDecimal(raw.strip());
            double number = value.doubleValue();
            return Double.isFinite(number) ? Optional.of(number) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String unquote(String raw) {
        if (raw.length() >= 2 && (raw.startsWith("'") && raw.endsWith("'") || raw.startsWith("\"") && raw.endsWith("\""))) {
            return raw.substring(1, raw.length() - 1);
        }
        return raw;
    }

    private static String unsafeTextMessage(String field, String value) {
        return "value '" + printable(value) + "' of " + field + " is not allowed: text values may hold letters, digits,"
                + " spaces and . , ' & ( ) / _ + : - only, up to 100 characters";
    }

    /** The value as it may be shown in a message: control characters made visible, long values cut. */
    static String printable(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(80).forEach(cp -> {
            if (Character.isISOControl(cp)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return value.codePointCount(0, value.length()) > 80 ? out + "…" : out.toString();
    }
}
