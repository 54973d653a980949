package dev.herald.routes.console.campaigns;

import dev.herald.engine.application.RecommendationSource;
import dev.herald.engine.application.StoredCustomerFacts;
import dev.herald.engine.consent.AuditLog;
import dev.herald.engine.decision.Decision;
import dev.herald.engine.decision.DecisionFacts;
import dev.herald.engine.delivery.CampaignPauses;
import dev.herald.engine.event.EventType;
import dev.herald.engine.journey.JourneyService;
import dev.herald.engine.persistence.Transactions;
import dev.herald.engine.schedule.ScheduledCampaignRuns;
import dev.herald.routes.console.ConsoleModule;
import dev.herald.routes.console.ConsoleNav;
import dev.herald.routes.console.ConsoleRequest;
import dev.herald.routes.console.ConsoleResponse;
import dev.herald.routes.console.ConsoleRole;
import dev.herald.routes.console.ConsoleRouter;
import dev.herald.routes.console.ConsoleView;
import dev.herald.rules.RuleError;
import dev.herald.rules.campaign.CampaignDefinition;
import dev.herald.rules.campaign.CampaignLoader;
import dev.herald.rules.campaign.CampaignOutcome;
import dev.herald.rules.campaign.CampaignPublisher;
import dev.herald.rules.campaign.CampaignRuleBase;
import dev.herald.rules.campaign.RuleBaseHolder;
import dev.herald.rules.campaign.Situation;
import dev.herald.rules.campaign.Vocabulary;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The console's Campaigns area: the campaigns with their status, enable/disable, a journey's customers per step,
 * and the editor (validate with errors at their lines, simulate for a stored customer, publish). Marketers edit and
 * publish; analysts read. Every change goes through {@link CampaignPublisher}, the same reload path as the folder
 * watcher and {@code POST /v1/rules}, and is written to the audit log with the user who made it. Marketers also pause
 * a campaign's sending and resume it, with or without the emails held meanwhile ({@link CampaignPauses}, ADR 0074);
 * a paused campaign says so on its page and in the list, whoever paused it (a person or the deliverability guard).
 */
public final class CampaignsModule implements ConsoleModule {

    static final Set<ConsoleRole> READERS = EnumSet.of(ConsoleRole.MARKETER, ConsoleRole.ANALYST);
    static final Set<ConsoleRole> EDITORS = EnumSet.of(ConsoleRole.MARKETER);
    static final String AUDIT_KIND = "campaigns";
    /** The largest campaign file the editor takes. */
    static final int MAX_TEXT_CHARS = 256 * 1024;
    /** The longest pause reason kept from the form. */
    static final int MAX_REASON_CHARS = 500;
    /** The form value that confirms dropping the held emails on resume. */
    static final String CONFIRM_DROP = "drop";

    private final CampaignPublisher publisher;
    private final JourneyService journeys;
    private final StoredCustomerFacts customers;
    private final RecommendationSource recommendations;
    private final CampaignPauses pauses;
    private final Transactions transactions;
    private final Clock clock;

    public CampaignsModule(CampaignPublisher publisher, JourneyService journeys, StoredCustomerFacts customers,
                           RecommendationSource recommendations, CampaignPauses pauses, Transactions transactions,
                           Clock clock) {
        this.publisher = publisher;
        this.pauses = java.util.Objects.requireNonNull(pauses, "pauses");
        this.journeys = journeys;
        this.customers = customers;
        this.recommendations = recommendations == null ? RecommendationSource.NONE : recommendations;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public ConsoleNav nav() {
        return new ConsoleNav("Campaigns", "/campaigns", 20, READERS);
    }

    @Override
    public void register(ConsoleRouter router, ConsoleView view) {
        router.get("/campaigns", READERS, request -> list(view, request, 200, null));
        // before /campaigns/{id}, which would otherwise take "new" for an id
        router.get("/campaigns/new", EDITORS, request -> newPage(view, request));
        router.post("/campaigns/new", EDITORS, request -> newPost(view, request));
        router.get("/campaigns/{id}", READERS, request -> detail(view, request, 200, null));
        router.post("/campaigns/{id}/enabled", EDITORS, request -> toggle(view, request));
        router.post("/campaigns/{id}/pause", EDITORS, request -> pause(view, request));
        router.post("/campaigns/{id}/resume", EDITORS, request -> resume(view, request));
        router.get("/campaigns/{id}/edit", EDITORS, request -> editorPage(view, request));
        router.post("/campaigns/{id}/edit", EDITORS, request -> editorPost(view, request));
    }

    // ---- list -------------------------------------------------------------------------------------------------

    private ConsoleResponse list(ConsoleView view, ConsoleRequest request, int status, List<RuleError> errors) {
        CampaignRuleBase ruleBase = holder().current();
        boolean canEdit = canEdit(request);
        List<Map<String, Object>> rows = new ArrayList<>();
        // the runs are read only when a campaign is scheduled: most folders have none
        List<ScheduledCampaignRuns.Run> runs = ruleBase.campaigns().values().stream().anyMatch(c -> c.schedule() != null)
                ? ScheduledCampaignRuns.runs(transactions) : List.of();
        Map<String, CampaignPauses.Pause> paused = new HashMap<>();
        pauses.list().forEach(p -> paused.put(p.campaign(), p));
        for (CampaignDefinition campaign : ruleBase.campaigns().values()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", campaign.id());
            row.put("file", campaign.file());
            row.put("enabled", campaign.enabled());
            row.put("type", campaign.type());
            row.put("kind", kind(campaign, ruleBase));
            row.put("journey", ruleBase.journey(campaign.id()).isPresent());
            row.put("trigger", trigger(campaign));
            row.put("schedule", scheduleStatus(campaign, runs, clock.instant()));
            row.put("template", campaign.template());
            row.put("priority", campaign.priority());
            row.put("toggle", canEdit && CampaignPublisher.isYaml(campaign.file()));
            CampaignPauses.Pause pause = paused.get(campaign.id());
            row.put("paused", pause == null ? null : PauseText.sentence(pause));
            rows.add(row);
        }
        Map<String, Object> model = new HashMap<>(summary(ruleBase));
        model.put("campaigns", rows);
        model.put("campaignCount", rows.size());
        model.put("policies", policies(ruleBase.settings()));
        long pausedCount = paused.keySet().stream().filter(ruleBase.campaigns()::containsKey).count();
        model.put("pausedCount", pausedCount);
        model.put("hasPaused", pausedCount > 0);
        model.put("canEdit", canEdit);
        String changed = request.query("changed");
        if (changed != null && ruleBase.campaigns().containsKey(changed)) {
            model.put("notice", "Campaign " + changed + " is now " + (ruleBase.campaigns().get(changed).enabled()
                    ? "enabled" : "disabled") + "; rule base " + ruleBase.version() + " is live.");
        }
        if (errors != null) {
            model.put("errors", errors.stream().map(RuleError::toString).toList());
            model.put("hasErrors", !errors.isEmpty());
        }
        return view.page(request, status, "Campaigns", "campaigns/list", model);
    }

    private ConsoleResponse toggle(ConsoleView view, ConsoleRequest request) throws Exception {
        String id = request.pathParameter("id");
        boolean enable = "true".equals(request.form("enabled"));
        CampaignPublisher.Outcome outcome;
        try {
            outcome = publisher.setEnabled(id, enable);
        } catch (IllegalArgumentException e) {
            return view.error(request, 400, "Cannot change the campaign", e.getMessage());
        }
        audit(request, id, enable ? "console-enable" : "console-disable", outcome, fileOf(id));
        if (!outcome.live()) {
            return list(view, request, 422, outcome.errors());
        }
        return ConsoleResponse.redirect("/campaigns?changed=" + id);
    }

    // ---- detail and journey -----------------------------------------------------------------------------------

    private ConsoleResponse detail(ConsoleView view, ConsoleRequest request, int status, String refused)
            throws Exception {
        String id = request.pathParameter("id");
        CampaignRuleBase ruleBase = holder().current();
        CampaignDefinition campaign = ruleBase.campaigns().get(id);
        if (campaign == null) {
            return view.error(request, 404, "No such campaign", "No campaign '" + id + "' is running.");
        }
        Map<String, Object> model = new HashMap<>(summary(ruleBase));
        model.put("id", id);
        model.put("file", campaign.file());
        model.put("enabled", campaign.enabled());
        model.put("type", campaign.type());
        model.put("kind", kind(campaign, ruleBase));
        model.put("trigger", trigger(campaign));
        model.put("schedule", campaign.schedule() == null ? null
                : scheduleStatus(campaign, ScheduledCampaignRuns.runs(transactions), clock.instant()));
        model.put("scheduled", campaign.schedule() != null);
        model.put("priority", campaign.priority());
        model.put("template", campaign.template());
        model.put("canEdit", canEdit(request) && editable(campaign.file()));
        model.put("canCopy", canEdit(request) && CampaignPublisher.isYaml(campaign.file()));
        if (request.query("created") != null) {
            model.put("notice", "Created: rule base " + ruleBase.version() + " is live.");
        }
        model.putAll(pauseModel(request, id));
        model.put("refused", refused);
        var journey = ruleBase.journey(id);
        var counts = journeys.status(id);
        if (journey.isPresent() || !counts.isEmpty()) {
            model.put("flow", JourneyFlow.model(journey.orElse(null), counts));
        }
        if (editable(campaign.file())) {
            publisher.text(campaign.file()).ifPresent(text -> model.put("source", text));
        }
        return view.page(request, status, "Campaign " + id, "campaigns/detail", model);
    }

    // ---- pause and resume (ADR 0074) --------------------------------------------------------------------------

    /** The banner and forms of a paused campaign, or the pause form; the notice after a pause or resume. */
    private Map<String, Object> pauseModel(ConsoleRequest request, String id) {
        Map<String, Object> model = new HashMap<>();
        boolean canPause = canEdit(request);
        Optional<CampaignPauses.Pause> pause = pauses.find(id);
        pause.ifPresent(p -> {
            Map<String, Object> banner = new LinkedHashMap<>();
            banner.put("since", PauseText.time(p.pausedAt()));
            banner.put("by", PauseText.who(p.pausedBy()));
            banner.put("byGuard", dev.herald.engine.delivery.DeliverabilityGuard.ACTOR.equals(p.pausedBy()));
            banner.put("reason", PauseText.reason(p));
            banner.put("waiting", PauseText.waiting(p.held()));
            banner.put("held", p.held());
            banner.put("canResume", canPause);
            model.put("paused", banner);
        });
        model.put("canPause", canPause && pause.isEmpty());
        model.put("maxReason", MAX_REASON_CHARS);
        String done = request.query("pause");
        String n = Optional.ofNullable(request.query("n")).filter(v -> v.matches("\\d{1,9}")).orElse("0");
        String notice = done == null ? null : switch (done) {
            case "paused" -> "Sending paused: its emails are still decided and wait in the outbox until the campaign"
                    + " is resumed.";
            case "already" -> "It was paused already; the first pause and its reason stay.";
            case "sent" -> "Resumed: " + emails(n) + " released; they go out at the next send.";
            case "dropped" -> "Resumed: " + emails(n) + " dropped, kept on record as suppressed; new emails go out"
                    + " as usual.";
            case "not-paused" -> "It was not paused: nothing to resume.";
            default -> null;
        };
        if (notice != null) {
            model.put("notice", notice);
        }
        return model;
    }

    private static String emails(String n) {
        return "1".equals(n) ? "1 waiting email" : n + " waiting emails";
    }

    private ConsoleResponse pause(ConsoleView view, ConsoleRequest request) throws Exception {
        String id = request.pathParameter("id");
        if (!holder().current().campaigns().containsKey(id)) {
            return view.error(request, 404, "No such campaign", "No campaign '" + id + "' is running.");
        }
        String reason = Optional.ofNullable(request.form("reason")).map(String::strip).orElse("");
        if (reason.length() > MAX_REASON_CHARS) {
            return detail(view, request, 422, "Not paused: keep the reason under " + MAX_REASON_CHARS
                    + " characters.");
        }
        boolean paused = pauses.pause(id, actor(request), reason.isEmpty() ? "no reason given" : reason);
        return ConsoleResponse.redirect(campaignPath(id) + "?pause=" + (paused ? "paused" : "already"));
    }

    /**
     * Resumes: the held emails go ({@code discard} absent or false), or are dropped, which the form must confirm
     * ({@code confirm=drop}) since it cannot be undone. A campaign no longer defined may still be resumed.
     */
    private ConsoleResponse resume(ConsoleView view, ConsoleRequest request) throws Exception {
        String id = request.pathParameter("id");
        boolean drop = "true".equals(request.form("discard"));
        if (drop && !CONFIRM_DROP.equals(request.form("confirm"))) {
            if (!holder().current().campaigns().containsKey(id)) {
                return view.error(request, 422, "Not resumed", "Tick the box that confirms the waiting emails are"
                        + " dropped.");
            }
            return detail(view, request, 422, "Not resumed: tick the box that confirms the waiting emails are dropped"
                    + " for good, or resume and send them.");
        }
        Optional<CampaignPauses.Resumed> resumed = pauses.resume(id, actor(request), drop);
        String location = campaignPath(id);
        if (resumed.isEmpty()) {
            return ConsoleResponse.redirect(location + "?pause=not-paused");
        }
        CampaignPauses.Resumed r = resumed.get();
        return ConsoleResponse.redirect(location + (drop ? "?pause=dropped&n=" + r.discarded()
                : "?pause=sent&n=" + r.released()));
    }

    private static String campaignPath(String id) {
        return "/campaigns/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Who the pause and the audit log name: the console user, as every console change does. */
    private static String actor(ConsoleRequest request) {
        return "console:" + request.user().name();
    }

    // ---- editor -----------------------------------------------------------------------------------------------

    private ConsoleResponse editorPage(ConsoleView view, ConsoleRequest request) {
        String id = request.pathParameter("id");
        CampaignDefinition campaign = holder().current().campaigns().get(id);
        if (campaign == null) {
            return view.error(request, 404, "No such campaign", "No campaign '" + id + "' is running.");
        }
        if (!editable(campaign.file())) {
            return view.error(request, 400, "Not editable here", "Campaign " + id + " is defined in the spreadsheet "
                    + campaign.file() + "; edit the spreadsheet and upload the folder.");
        }
        Optional<String> text = publisher.text(campaign.file());
        if (text.isEmpty()) {
            return view.error(request, 404, "No such file", "The campaign file " + campaign.file()
                    + " is not in the campaigns folder.");
        }
        Map<String, Object> model = editorModel(request, id, campaign, text.get(), List.of());
        if (request.query("published") != null) {
            model.put("notice", "Published: rule base " + holder().current().version() + " is live.");
        }
        return editor(view, request, 200, id, model);
    }

    private ConsoleResponse editorPost(ConsoleView view, ConsoleRequest request) throws Exception {
        String id = request.pathParameter("id");
        CampaignDefinition campaign = holder().current().campaigns().get(id);
        if (campaign == null || !editable(campaign.file())) {
            return view.error(request, 404, "No such campaign", "No campaign '" + id + "' is running in a text file.");
        }
        String file = campaign.file();
        String text = request.form("definition");
        if (text == null) {
            return view.error(request, 400, "Nothing sent", "The form carried no definition.");
        }
        text = text.replace("\r\n", "\n");
        if (text.length() > MAX_TEXT_CHARS) {
            return view.error(request, 413, "Too large", "A campaign file may hold at most " + MAX_TEXT_CHARS
                    + " characters.");
        }
        String action = Optional.ofNullable(request.form("action")).orElse("validate");
        switch (action) {
            case "publish" -> {
                CampaignPublisher.Outcome outcome = publisher.publish(file, text);
                String newId = holder().current().campaigns().values().stream().filter(c -> c.file().equals(file))
                        .map(CampaignDefinition::id).filter(i -> i.equals(id)).findFirst()
                        .or(() -> holder().current().campaigns().values().stream()
                                .filter(c -> c.file().equals(file)).map(CampaignDefinition::id).findFirst())
                        .orElse(id);
                audit(request, newId, "console-publish", outcome, file);
                if (outcome.live()) {
                    return ConsoleResponse.redirect("/campaigns/" + newId + "/edit?published=" + outcome.version());
                }
                Map<String, Object> model = editorModel(request, id, campaign, text, outcome.errors());
                model.put("refused", "Not published: fix the errors below. Rule base " + outcome.version()
                        + " keeps running.");
                return editor(view, request, 422, id, model);
            }
            case "simulate" -> {
                Map<String, Object> model = editorModel(request, id, campaign, text, List.of());
                simulate(request, file, text, id, campaign, model);
                return editor(view, request, 200, id, model);
            }
            default -> {
                CampaignLoader.Loaded loaded = publisher.validate(file, text);
                Map<String, Object> model = editorModel(request, id, campaign, text, loaded.errors());
                if (loaded.ok()) {
                    model.put("valid", "No errors: the " + loaded.campaigns().size() + " campaigns would compile."
                            + " Nothing is published until you publish." + passedNotes(loaded.campaigns(), file));
                }
                return editor(view, request, loaded.ok() ? 200 : 422, id, model);
            }
        }
    }

    private void simulate(ConsoleRequest request, String file, String text, String id, CampaignDefinition campaign,
                          Map<String, Object> model) {
        String customerId = Optional.ofNullable(request.form("customer")).orElse("").strip();
        String eventName = Optional.ofNullable(request.form("event")).filter(e -> !e.isBlank())
                .orElse(campaign.eventType());
        List<String> problems = new ArrayList<>();
        if (customerId.isEmpty()) {
            problems.add("Enter the id of a stored customer to simulate for.");
        }
        Optional<EventType> type = EventType.fromWireName(eventName);
        if (type.isEmpty()) {
            problems.add("Unknown event type '" + eventName + "'.");
        }
        // a scheduled campaign's own event names the campaign; it has no other attribute to type in
        Map<String, Object> attributes = type.isEmpty() ? Map.of()
                : Vocabulary.CAMPAIGN_SCHEDULED.equals(eventName) ? Map.of(Vocabulary.SCHEDULED_CAMPAIGN, id)
                : attributes(eventName, Optional.ofNullable(request.form("attributes")).orElse(""), problems);
        Optional<DecisionFacts> facts = Optional.empty();
        if (problems.isEmpty()) {
            facts = customers.forEvent(customerId, type.get(), attributes, clock.instant(),
                    recommendations.forCustomer(customerId).scores());
            if (facts.isEmpty()) {
                problems.add("No customer '" + customerId + "' is on record.");
            }
        }
        if (!problems.isEmpty()) {
            model.put("simulationProblems", problems);
            return;
        }
        CampaignPublisher.Simulation simulation = publisher.simulate(file, text, id, Situation.of(facts.get()));
        if (!simulation.errors().isEmpty()) {
            model.putAll(EditorListing.model(file, text, simulation.errors()));
            model.put("simulationProblems", List.of("The edited definition has errors; fix them to simulate."));
            return;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("customer", customerId);
        result.put("event", eventName);
        Optional<Decision> decision = simulation.verdict().decision();
        result.put("wouldStart", decision.isPresent());
        decision.ifPresent(d -> {
            result.put("winner", d.campaign());
            result.put("variant", d.variant());
            result.put("template", d.templateKey());
            result.put("delay", d.delay().isZero() ? "at once" : "after " + JourneyFlow.human(d.delay()));
        });
        result.put("outcomes", simulation.verdict().outcomes().stream().map(o -> Map.of(
                "campaign", o.campaign(), "status", o.status().name().toLowerCase(java.util.Locale.ROOT),
                "reason", o.reason(), "won", o.status() == CampaignOutcome.Status.WON)).toList());
        String edited = simulation.campaign();
        result.put("edited", edited);
        Optional<CampaignOutcome> own = simulation.verdict().outcomeOf(edited);
        if (own.isPresent()) {
            result.put("editedResult", own.get().status() == CampaignOutcome.Status.WON ? edited + " would start."
                    : edited + " matched but is " + own.get().status().name().toLowerCase(java.util.Locale.ROOT)
                    + ": " + own.get().reason());
        } else {
            result.put("editedResult", edited + " would not start: its conditions are not met.");
            result.put("unmet", simulation.unmet());
        }
        model.put("simulation", result);
    }

    /** {@code name=value} pairs, comma or line separated, each a known attribute of the event, typed. */
    static Map<String, Object> attributes(String eventType, String text, List<String> problems) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (String pair : text.split("[,\\n]")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair.strip() : pair.substring(0, eq).strip();
            String value = eq < 0 ? "" : pair.substring(eq + 1).strip();
            Optional<Vocabulary.AttributeType> attributeType = Vocabulary.eventAttribute(eventType, name);
            if (eq < 0 || value.isEmpty()) {
                problems.add("Write event attributes as name=value: '" + pair.strip() + "'.");
            } else if (attributeType.isEmpty()) {
                problems.add("Unknown attribute '" + name + "' of " + eventType + " (known: "
                        + Vocabulary.eventAttributes(eventType) + ").");
            } else if (attributeType.get() == Vocabulary.AttributeType.NUMBER) {
                try {
                    attributes.put(name, new BigDecimal(value));
                } catch (NumberFormatException e) {
                    problems.add("Attribute " + name + " must be a number, not '" + value + "'.");
                }
            } else {
                attributes.put(name, value);
            }
        }
        return attributes;
    }

    private Map<String, Object> editorModel(ConsoleRequest request, String id, CampaignDefinition campaign,
                                            String text, List<RuleError> errors) {
        Map<String, Object> model = new HashMap<>(summary(holder().current()));
        model.putAll(EditorListing.model(campaign.file(), text, errors));
        model.put("id", id);
        model.put("file", campaign.file());
        model.put("definition", text);
        String customer = request.isPost() ? request.form("customer") : null;
        String event = request.isPost() ? request.form("event") : null;
        String selected = event == null || event.isBlank() ? campaign.eventType() : event;
        model.put("customer", customer == null ? "" : customer);
        model.put("attributes", request.isPost() && request.form("attributes") != null ? request.form("attributes") : "");
        java.util.stream.Stream<String> events = campaign.schedule() != null ? java.util.stream.Stream.of(
                Vocabulary.CAMPAIGN_SCHEDULED) : Vocabulary.eventTypes().stream().sorted();
        model.put("events", events.filter(e -> EventType.fromWireName(e).isPresent())
                .map(e -> Map.of("name", e, "selected", e.equals(selected))).toList());
        return model;
    }

    private ConsoleResponse editor(ConsoleView view, ConsoleRequest request, int status, String id,
                                   Map<String, Object> model) {
        return view.page(request, status, "Edit campaign " + id, "campaigns/editor", model);
    }

    // ---- new campaign -----------------------------------------------------------------------------------------

    /** What a new campaign starts from: one started by an event, or one sent at a set time. */
    static String starter(String start, String id, Instant now) {
        if ("scheduled".equals(start)) {
            String at = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd 10:00")
                    .format(now.atZone(java.time.ZoneOffset.UTC).plusDays(7));
            return "id: " + id + "\ntrigger:\n  at: " + at + "       # date and time, in the zone below\n"
                    + "  zone: Europe/London\naudience:\n  consent: email\ntemplate: welcome\n";
        }
        return "id: " + id + "\ntrigger:\n  event: order_completed\n  conditions:\n    - total >= 20\n"
                + "audience:\n  consent: email\ntemplate: thank-you\n";
    }

    private ConsoleResponse newPage(ConsoleView view, ConsoleRequest request) {
        String copy = request.query("copy");
        if (copy != null) {
            return copyPage(view, request, copy.strip());
        }
        String start = "scheduled".equals(request.query("start")) ? "scheduled" : "event";
        String id = "scheduled".equals(start) ? "newsletter" : "new-campaign";
        return newForm(view, request, 200, id, starter(start, id, clock.instant()), List.of(), Map.of());
    }

    /**
     * A new campaign that starts as a copy of {@code source}'s YAML under a free id ({@code source-copy}, then
     * {@code -copy-2} …): nothing is created until the marketer checks and creates it, as for any new campaign.
     */
    private ConsoleResponse copyPage(ConsoleView view, ConsoleRequest request, String source) {
        CampaignDefinition campaign = holder().current().campaigns().get(source);
        Optional<String> text = campaign == null || !CampaignPublisher.isYaml(campaign.file()) ? Optional.empty()
                : publisher.text(campaign.file());
        if (text.isEmpty()) {
            return view.error(request, 404, "Nothing to copy", "No campaign '" + source + "' defined in a YAML file of"
                    + " the campaigns folder (a spreadsheet row is copied in the spreadsheet).");
        }
        String id = freeId(source + "-copy");
        String copied = copyText(text.get(), source, id);
        return newForm(view, request, 200, id, copied, List.of(), Map.of("valid", "A copy of " + source + " as " + id
                + ": change what should differ (its trigger or audience, or enabled: false), then Check and Create."
                + " Both go out once created."));
    }

    /** The definition with its {@code id:} line naming {@code id} instead of {@code source}. */
    static String copyText(String text, String source, String id) {
        return text.replaceFirst("(?m)^id:[ \\t]*" + java.util.regex.Pattern.quote(source) + "[ \\t]*$", "id: " + id);
    }

    /** {@code base}, or {@code base-2}, {@code base-3} … : the first id no campaign and no file has. */
    private String freeId(String base) {
        String id = base;
        for (int n = 2; holder().current().campaigns().containsKey(id) || publisher.text(id + ".yaml").isPresent(); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    /**
     * Creates {@code ID.yaml} through the same publish path as every edit, once the definition validates. A file of
     * that name already in the folder is never overwritten from here: that campaign is edited in its own editor.
     */
    private ConsoleResponse newPost(ConsoleView view, ConsoleRequest request) throws Exception {
        String id = Optional.ofNullable(request.form("id")).orElse("").strip();
        String text = Optional.ofNullable(request.form("definition")).orElse("").replace("\r\n", "\n");
        if (text.length() > MAX_TEXT_CHARS) {
            return view.error(request, 413, "Too large", "A campaign file may hold at most " + MAX_TEXT_CHARS
                    + " characters.");
        }
        if (!CampaignDefinition.isValidId(id) || id.equals("new")) {
            return newForm(view, request, 422, id, text, List.of(), Map.of("refused", "The campaign id must be"
                    + " lower-case letters, digits and dashes (e.g. december-newsletter), and not 'new'."));
        }
        String file = id + ".yaml";
        if (publisher.text(file).isPresent() || holder().current().campaigns().containsKey(id)) {
            return newForm(view, request, 409, id, text, List.of(), Map.of("refused", "A campaign " + id
                    + " (or a file " + file + ") exists already: edit it from its own page, or choose another id."));
        }
        if (!"create".equals(request.form("action"))) {
            CampaignLoader.Loaded loaded = publisher.validate(file, text);
            return newForm(view, request, loaded.ok() ? 200 : 422, id, text, loaded.errors(), loaded.ok()
                    ? Map.of("valid", "No errors. Nothing is created until you create it."
                    + passedNotes(loaded.campaigns(), file)) : Map.of());
        }
        CampaignPublisher.Outcome outcome = publisher.publish(file, text);
        audit(request, id, "console-create", outcome, file);
        if (!outcome.live()) {
            return newForm(view, request, 422, id, text, outcome.errors(), Map.of("refused", "Not created: fix the"
                    + " errors below. Rule base " + outcome.version() + " keeps running."));
        }
        String created = holder().current().campaigns().values().stream().filter(c -> c.file().equals(file))
                .map(CampaignDefinition::id).findFirst().orElse(id);
        return ConsoleResponse.redirect("/campaigns/" + created + "?created=" + outcome.version());
    }

    /** The notes of the scheduled campaigns in {@code file} whose time has passed, each after a space. */
    private String passedNotes(List<CampaignDefinition> campaigns, String file) {
        return campaigns.stream().filter(c -> c.file().equals(file) && c.schedule() != null)
                .flatMap(c -> c.schedule().passedNote(c.id(), clock.instant()).stream())
                .map(note -> " " + note).collect(Collectors.joining());
    }

    private ConsoleResponse newForm(ConsoleView view, ConsoleRequest request, int status, String id, String text,
                                    List<RuleError> errors, Map<String, String> notices) {
        Map<String, Object> model = new HashMap<>(summary(holder().current()));
        model.putAll(EditorListing.model(id + ".yaml", text, errors));
        model.put("id", id);
        model.put("definition", text);
        model.putAll(notices);
        return view.page(request, status, "New campaign", "campaigns/new", model);
    }

    // ---- shared -----------------------------------------------------------------------------------------------

    private RuleBaseHolder holder() {
        return publisher.holder();
    }

    private Map<String, Object> summary(CampaignRuleBase ruleBase) {
        Map<String, Object> model = new HashMap<>();
        model.put("version", ruleBase.version());
        RuleBaseHolder.ReloadResult last = holder().lastReload();
        model.put("lastReloadAt", last.at().toString());
        model.put("lastReloadRefused", !last.swapped());
        model.put("source", publisher.store().inFolder() ? "folder " + publisher.store().folder()
                : "built-in campaigns (the first publish copies them to " + publisher.store().folder() + ")");
        return model;
    }

    /**
     * The folder-wide policies of herald-rules.yaml in words, for the campaigns page: what applies to every campaign
     * besides its own definition (caps, the global control group, sunset, the deliverability guard, engagement scoring
     * and subscription topics).
     */
    static List<Map<String, Object>> policies(dev.herald.rules.campaign.RuleSettings settings) {
        List<Map<String, Object>> out = new ArrayList<>();
        var cap = settings.globalCap();
        out.add(policy("global-cap", "Global cap", cap == null ? "none"
                : "at most " + cap.max() + " campaign email" + (cap.max() == 1 ? "" : "s") + " per customer per "
                + dev.herald.engine.delivery.Durations.format(cap.per())));
        out.add(policy("global-control", "Global control group", settings.globalControl().share() > 0
                ? settings.globalControl().percent() + " of customers get no marketing email (Herald's lift is"
                + " measured on them)" : "none"));
        out.add(policy("sunset", "Sunset", settings.sunset().enabled()
                ? "no marketing email to customers with " + settings.sunset().describe() : "none"));
        out.add(policy("deliverability", "Deliverability guard", settings.deliverability().describe()));
        out.add(policy("scoring", "Engagement scoring", settings.scoring().describe()));
        out.add(policy("topics", "Subscription topics", settings.topics().isEmpty() ? "none"
                : String.join(", ", settings.topics().values())));
        return out;
    }

    private static Map<String, Object> policy(String id, String label, String text) {
        return Map.of("id", id, "label", label, "text", text);
    }

    private static boolean canEdit(ConsoleRequest request) {
        ConsoleRole role = request.user().role();
        return role == ConsoleRole.MARKETER || role == ConsoleRole.ADMIN;
    }

    private static boolean editable(String file) {
        return CampaignPublisher.isYaml(file) || (file != null && file.endsWith(".csv"));
    }

    private String fileOf(String id) {
        CampaignDefinition campaign = holder().current().campaigns().get(id);
        return campaign == null ? null : campaign.file();
    }

    static String kind(CampaignDefinition campaign, CampaignRuleBase ruleBase) {
        if (campaign.journey() != null) {
            return "journey, " + campaign.journey().steps().size() + " steps";
        }
        if (campaign.schedule() != null) {
            return "single email at a set time";
        }
        return ruleBase.journey(campaign.id()).isPresent() ? "single email, timed" : "single email";
    }

    static String trigger(CampaignDefinition campaign) {
        if (campaign.schedule() != null) {
            return "at " + campaign.schedule();
        }
        List<String> conditions = campaign.eventConditions().stream()
                .map(c -> c.attribute() + " " + c.operator().symbol() + " " + plain(c.value()))
                .collect(Collectors.toList());
        return campaign.eventType() + (conditions.isEmpty() ? "" : " when " + String.join(" and ", conditions));
    }

    /**
     * Where a scheduled campaign ({@code trigger.at}) stands at its current time: waiting, sending, sent with its
     * counts, or missed; {@code null} for a campaign started by events.
     */
    static String scheduleStatus(CampaignDefinition campaign, List<ScheduledCampaignRuns.Run> runs, Instant now) {
        if (campaign.schedule() == null) {
            return null;
        }
        Instant at = campaign.schedule().instant();
        Optional<ScheduledCampaignRuns.Run> run = runs.stream()
                .filter(r -> r.campaign().equals(campaign.id()) && r.sendAt().equals(at)).findFirst();
        if (run.isEmpty()) {
            if (!campaign.enabled()) {
                return "disabled: it will not go out";
            }
            return at.isAfter(now) ? "waiting for its time" : "due: it starts at the scheduler's next look";
        }
        ScheduledCampaignRuns.Run r = run.get();
        return switch (r.outcome()) {
            case RUNNING -> campaign.enabled()
                    ? "sending: " + r.customers() + " customers asked so far, " + r.emails() + " emails queued"
                    : "paused while disabled, after " + r.customers() + " customers asked and " + r.emails()
                    + " emails queued; enabled again, it goes on where it stopped";
            case DONE -> "sent: " + r.customers() + " customers asked, " + r.decided() + " in the audience, "
                    + r.emails() + " emails queued";
            case MISSED -> "missed: Herald was not running within the allowed delay after its time; nothing was sent";
        };
    }

    private static String plain(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return String.valueOf(d.longValue());
        }
        return String.valueOf(value);
    }

    private void audit(ConsoleRequest request, String campaign, String action, CampaignPublisher.Outcome outcome,
                       String file) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("file", file);
        detail.put("live", outcome.live());
        detail.put("version", outcome.version());
        if (!outcome.errors().isEmpty()) {
            detail.put("errors", outcome.errors().stream().map(RuleError::toString).toList());
        }
        AuditLog.record(transactions, AUDIT_KIND, campaign, action, "console:" + request.user().name(), detail,
                clock.instant());
    }
}
