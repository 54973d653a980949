package dev.herald.routes;

import dev.herald.templates.LinkChecker;
import dev.herald.templates.TemplateLibrary;
import dev.herald.templates.TemplateLinkCheck;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The links of every email template checked on a schedule (ADR 0076): a site the emails link to can go away long
 * after the template was saved, so a running Herald asks every {@code herald.links.check-period} and keeps the
 * latest result for the dashboard, the {@code herald_template_links_bad} metric and the log. Off unless the period is
 * set, since it calls the outside web.
 */
public class LinkCheckRoutes extends RouteBuilder {

    /** The first run waits at most this long after start. */
    static final Duration FIRST_RUN_AT_MOST = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(LinkCheckRoutes.class);

    /** A link of a template that a recipient clicking it would find dead. */
    public record BadLink(String template, String url, String outcome, Integer status, String reason) {
    }

    /** The latest scheduled check: when it ran and the bad links it found (empty before the first run). */
    public static final class Latest {

        private volatile Instant at;
        private volatile List<BadLink> bad = List.of();

        public Optional<Instant> at() {
            return Optional.ofNullable(at);
        }

        public List<BadLink> bad() {
            return bad;
        }

        void update(Instant when, List<BadLink> found) {
            bad = List.copyOf(found);
            at = when;
        }
    }

    private final TemplateLibrary templates;
    private final LinkChecker checker;
    private final Duration period;
    private final Latest latest;
    private final Clock clock;

    public LinkCheckRoutes(TemplateLibrary templates, LinkChecker checker, Duration period, Latest latest,
                           Clock clock) {
        this.templates = templates;
        this.checker = checker;
        this.period = period;
        this.latest = latest;
        this.clock = clock;
    }

    /**
     * The {@code herald.links.check-period} setting: a duration such as 24h, or empty/{@code off} for none.
     *
     * @throws IllegalArgumentException naming the setting, for anything else
     */
    public static Optional<Duration> period(String setting) {
        return RefreshPeriods.parse("herald.links.check-period", setting);
    }

    @Override
    public void configure() {
        long delay = Math.min(period.toMillis(), FIRST_RUN_AT_MOST.toMillis());
        from("timer:herald-link-check?delay=" + delay + "&period=" + period.toMillis())
                .routeId("template-link-check")
                .process(exchange -> exchange.getMessage().setBody(checkAll().size()))
                .id("check-template-links");
    }

    /** Checks every template's links now and keeps the bad ones as the latest result. */
    List<BadLink> checkAll() {
        TemplateLinkCheck check = new TemplateLinkCheck(templates, checker);
        List<BadLink> bad = new ArrayList<>();
        for (String key : templates.keys()) {
            for (TemplateLinkCheck.Link link : check.check(key).links()) {
                LinkChecker.Result r = link.result();
                if (r.outcome().bad()) {
                    bad.add(new BadLink(key, r.url(), r.outcome().name(), r.status(), r.reason()));
                    LOG.warn("template {}: link {} is {}{}", key, r.url(), r.outcome().name().toLowerCase(),
                            r.status() != null ? " (" + r.status() + ")" : r.reason() != null ? " (" + r.reason() + ")"
                                    : "");
                }
            }
        }
        latest.update(clock.instant(), bad);
        LOG.info("template links checked: {} bad", bad.size());
        return bad;
    }
}
