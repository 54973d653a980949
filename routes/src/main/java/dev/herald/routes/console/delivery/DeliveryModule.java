package dev.herald.routes.console.delivery;

import dev.herald.engine.delivery.CampaignHealth;
import dev.herald.engine.delivery.MailboxProviderReport;
import dev.herald.engine.delivery.CampaignPauses;
import dev.herald.engine.delivery.DeliverabilityGuard;
import dev.herald.engine.delivery.DeliverabilityPolicy;
import dev.herald.engine.delivery.DeliveryOverview;
import dev.herald.engine.delivery.Durations;
import dev.herald.engine.persistence.Transactions;
import dev.herald.routes.console.ConsoleModule;
import dev.herald.routes.console.ConsoleNav;
import dev.herald.routes.console.ConsoleRequest;
import dev.herald.routes.console.ConsoleResponse;
import dev.herald.routes.console.ConsoleRole;
import dev.herald.routes.console.ConsoleRouter;
import dev.herald.routes.console.ConsoleView;
import dev.herald.routes.console.campaigns.PauseText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Delivery in the console: the outbox by status (queued, deferred, sent, failed, suppressed), the latest emails
 * with their last SMTP reply or gate reason, bounces and the suppression list by reason, and the dead-letter
 * queue with each event's reason. Marketers and analysts read; only admins replay a dead letter (back to its
 * event queue, see {@link DeadLetters#replay}). Campaign health (ADR 0074): each campaign's emails, bounces and spam
 * complaints over the deliverability guard's window, with the rates the policy weighs, and whether it is paused.
 */
public final class DeliveryModule implements ConsoleModule {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryModule.class);
    static final Set<ConsoleRole> READERS = EnumSet.of(ConsoleRole.MARKETER, ConsoleRole.ANALYST);
    static final Set<ConsoleRole> REPLAYERS = EnumSet.of(ConsoleRole.ADMIN);
    static final int RECENT_SENDS = 50;
    static final int RECENT_BOUNCES = 20;
    static final int DEAD_LETTERS_SHOWN = 100;
    private static final int BODY_SHOWN = 2_000;
    private static final List<String> STATUSES = List.of("PENDING", "SENT", "FAILED", "SUPPRESSED");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private final DeliveryOverview overview;
    private final DeadLetters deadLetters;
    private final DeliverabilityGuard guard;
    private final CampaignPauses pauses;
    private final Transactions transactions;
    private final Clock clock;

    private java.util.function.Supplier<java.util.Optional<dev.herald.engine.webhook.WebhookRelay.Status>> webhooks =
            java.util.Optional::empty;

    /**
     * @param guard        the deliverability guard whose policy and figures the campaign health shows
     * @param pauses       the paused campaigns
     * @param transactions and {@code clock}: to read the figures over the guard's window up to now
     */
    public DeliveryModule(DeliveryOverview overview, DeadLetters deadLetters, DeliverabilityGuard guard,
                          CampaignPauses pauses, Transactions transactions, Clock clock) {
        this.overview = overview;
        this.deadLetters = deadLetters;
        this.guard = Objects.requireNonNull(guard, "guard");
        this.pauses = Objects.requireNonNull(pauses, "pauses");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Shows the outgoing webhooks' state (ADR 0068) while they are on. */
    public DeliveryModule withWebhooks(
            java.util.function.Supplier<java.util.Optional<dev.herald.engine.webhook.WebhookRelay.Status>> status) {
        this.webhooks = status;
        return this;
    }

    @Override
    public ConsoleNav nav() {
        return new ConsoleNav("Delivery", "/delivery", 70, READERS);
    }

    @Override
    public void register(ConsoleRouter router, ConsoleView view) {
        router.get("/delivery", READERS, request -> page(view, request));
        router.post("/delivery/dead-letters/replay", REPLAYERS, request -> replay(view, request));
    }

    private ConsoleResponse page(ConsoleView view, ConsoleRequest request) throws Exception {
        Map<String, Object> model = new HashMap<>();
        List<Map<String, Object>> counts = new ArrayList<>();
        overview.counts().forEach((status, n) -> counts.add(Map.of("label", status, "value",
                String.format(Locale.ROOT, "%,d", n))));
        model.put("counts", counts);
        model.put("health", health(guard.healthOfAll(transactions, clock.instant()), pauses.list(), guard.policy()));
        Instant now = clock.instant();
        model.put("providers", providers(new MailboxProviderReport(transactions).between(now.minus(PROVIDER_PERIOD),
                now, null)));
        webhooks.get().ifPresent(w -> model.put("webhooks", Map.of(
                "delivered", String.format(Locale.ROOT, "%,d", w.delivered()),
                "failing", w.failures() > 0,
                "failures", w.failures(),
                "lastError", w.lastError() == null ? "" : w.lastError(),
                "nextAttempt", TIME.format(w.nextAttemptAt()))));
        List<Map<String, Object>> suppressions = new ArrayList<>();
        overview.suppressions().forEach((reason, n) -> suppressions.add(Map.of("reason",
                reason.toLowerCase(Locale.ROOT), "count", String.format(Locale.ROOT, "%,d", n))));
        model.put("suppressions", suppressions);
        model.put("hasSuppressions", !suppressions.isEmpty());

        String status = request.query("status");
        String filter = status != null && STATUSES.contains(status.toUpperCase(Locale.ROOT))
                ? status.toUpperCase(Locale.ROOT) : null;
        model.put("filters", STATUSES.stream().map(s -> Map.of("status", s, "label", s.toLowerCase(Locale.ROOT),
                "selected", s.equals(filter))).toList());
        model.put("sends", overview.recent(filter, RECENT_SENDS).stream().map(s -> {
            Map<String, Object> row = new HashMap<>();
            row.put("id", s.id());
            row.put("campaign", s.campaign() + " / " + s.step() + " / " + s.variant());
            row.put("customerHref", "/customers/" + URLEncoder.encode(s.customerId(), StandardCharsets.UTF_8)
                    .replace("+", "%20"));
            row.put("customerId", s.customerId());
            row.put("recipient", s.recipient());
            row.put("status", s.status().toLowerCase(Locale.ROOT));
            row.put("attempts", s.attempts());
            row.put("created", time(s.createdAt()));
            row.put("sent", time(s.sentAt()));
            row.put("reply", s.lastReply() == null ? "" : s.lastReply());
            return row;
        }).toList());
        model.put("recentSends", RECENT_SENDS);
        model.put("bounces", overview.bounces(RECENT_BOUNCES).stream().map(b -> {
            Map<String, Object> row = new HashMap<>();
            row.put("at", time(b.receivedAt()));
            row.put("kind", b.kind() == null ? "" : b.kind().toLowerCase(Locale.ROOT));
            row.put("code", b.statusCode() == null ? "" : b.statusCode());
            row.put("source", b.source());
            row.put("diagnostic", b.diagnostic() == null ? "" : b.diagnostic());
            row.put("address", b.address() == null ? "(not kept)" : b.address());
            return row;
        }).toList());

        model.put("dlq", deadLetters.queueName());
        try {
            DeadLetters.Listing listing = deadLetters.browse(DEAD_LETTERS_SHOWN);
            model.put("deadLetterTotal", String.format(Locale.ROOT, "%,d%s", listing.total(),
                    listing.capped() ? "+" : ""));
            model.put("deadLettersShown", listing.messages().size());
            model.put("deadLetters", listing.messages().stream().map(d -> {
                Map<String, Object> row = new HashMap<>();
                row.put("messageId", d.messageId());
                row.put("eventId", d.eventId() == null ? "(unknown)" : d.eventId());
                row.put("source", d.sourceQueue() == null ? "(unknown)" : d.sourceQueue());
                row.put("reason", d.reason());
                row.put("parked", time(d.timestamp()));
                row.put("replays", d.replays());
                row.put("hasReplays", d.replays() > 0);
                row.put("replayable", d.replayable());
                row.put("body", d.body().length() > BODY_SHOWN ? d.body().substring(0, BODY_SHOWN) + "…" : d.body());
                return row;
            }).toList());
            model.put("noDeadLetters", listing.total() == 0);
        } catch (Exception e) {
            LOG.warn("cannot browse {}: {}", deadLetters.queueName(), e.getMessage());
            model.put("dlqError", "The dead-letter queue could not be read: " + e.getMessage());
        }
        model.put("canReplay", request.user().role() == ConsoleRole.ADMIN);
        model.put("replayed", request.query("replayed"));
        model.put("replayedTo", request.query("to"));
        model.put("replayError", request.query("error"));
        return view.page(request, "Delivery", "delivery/index", model);
    }

    /** How far back the mailbox providers section looks. */
    static final java.time.Duration PROVIDER_PERIOD = java.time.Duration.ofDays(7);

    /**
     * The mailbox providers section (ADR 0074): each provider's emails, open and click rates, bounces and complaints
     * over {@link #PROVIDER_PERIOD}, with the chart; null when nothing was sent or reported.
     */
    static Map<String, Object> providers(List<MailboxProviderReport.Row> report) {
        if (report.isEmpty()) {
            return null;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (MailboxProviderReport.Row r : report) {
            Map<String, Object> row = new HashMap<>();
            row.put("provider", r.provider());
            row.put("id", r.provider().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
            row.put("domains", r.domains().size() > 1 || !r.domains().get(0).equals(r.provider())
                    ? String.join(", ", r.domains()) : null);
            row.put("emails", String.format(Locale.ROOT, "%,d", r.emails()));
            row.put("openRate", r.emails() == 0 ? "–" : DeliverabilityPolicy.percent(r.openRate()));
            row.put("clickRate", r.emails() == 0 ? "–" : DeliverabilityPolicy.percent(r.clickRate()));
            row.put("bounced", String.format(Locale.ROOT, "%,d", r.bounced()));
            row.put("complained", String.format(Locale.ROOT, "%,d", r.complained()));
            rows.add(row);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("rows", rows);
        model.put("chart", ProviderChart.svg(report));
        model.put("days", PROVIDER_PERIOD.toDays());
        return model;
    }

    /**
     * The campaign health section: one row per campaign that sent or drew a report over the window, plus every
     * paused campaign; a rate above the policy's threshold is marked {@code over} (when the guard is on).
     */
    static Map<String, Object> health(List<CampaignHealth> figures, List<CampaignPauses.Pause> paused,
                                      DeliverabilityPolicy policy) {
        Map<String, CampaignHealth> byCampaign = new TreeMap<>();
        figures.forEach(h -> byCampaign.put(h.campaign(), h));
        Map<String, CampaignPauses.Pause> pauseOf = new HashMap<>();
        paused.forEach(p -> {
            pauseOf.put(p.campaign(), p);
            byCampaign.putIfAbsent(p.campaign(), new CampaignHealth(p.campaign(), 0, 0, 0));
        });
        boolean on = policy.enabled();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (CampaignHealth h : byCampaign.values()) {
            Map<String, Object> row = new HashMap<>();
            row.put("campaign", h.campaign());
            row.put("campaignHref", "/campaigns/" + URLEncoder.encode(h.campaign(), StandardCharsets.UTF_8)
                    .replace("+", "%20"));
            row.put("emails", String.format(Locale.ROOT, "%,d", h.emails()));
            row.put("bounced", String.format(Locale.ROOT, "%,d", h.bounced()));
            row.put("complained", String.format(Locale.ROOT, "%,d", h.complained()));
            row.put("bounceRate", h.emails() == 0 ? "–" : DeliverabilityPolicy.percent(h.bounceRate()));
            row.put("complaintRate", h.emails() == 0 ? "–" : DeliverabilityPolicy.percent(h.complaintRate()));
            row.put("bounceOver", on && h.emails() > 0 && h.bounceRate() > policy.maxBounceRate());
            row.put("complaintOver", on && h.emails() > 0 && h.complaintRate() > policy.maxComplaintRate());
            CampaignPauses.Pause pause = pauseOf.get(h.campaign());
            row.put("paused", pause != null);
            if (pause != null) {
                row.put("pause", PauseText.sentence(pause));
            }
            rows.add(row);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("rows", rows);
        model.put("empty", rows.isEmpty());
        model.put("on", on);
        model.put("window", Durations.format(on ? policy.within() : DeliverabilityPolicy.DEFAULT.within()));
        model.put("policy", on ? policy.describe() : null);
        model.put("maxBounceRate", on ? DeliverabilityPolicy.percent(policy.maxBounceRate()) : null);
        model.put("maxComplaintRate", on ? DeliverabilityPolicy.percent(policy.maxComplaintRate()) : null);
        model.put("minReports", DeliverabilityPolicy.MIN_REPORTS);
        return model;
    }

    private ConsoleResponse replay(ConsoleView view, ConsoleRequest request) throws Exception {
        String messageId = request.form("messageId");
        try {
            DeadLetters.Replayed replayed = deadLetters.replay(messageId, "console:" + request.user().name());
            return ConsoleResponse.redirect("/delivery?replayed=" + enc(replayed.eventId() == null ? messageId
                    : replayed.eventId()) + "&to=" + enc(replayed.queue()) + "#dead-letters");
        } catch (DeadLetters.ReplayRefused e) {
            return ConsoleResponse.redirect("/delivery?error=" + enc(e.getMessage()) + "#dead-letters");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    private static String time(Instant at) {
        return at == null ? "" : TIME.format(at);
    }
}
