package dev.herald.engine.consent;

import dev.herald.engine.delivery.OutboundEmail;
import dev.herald.engine.engagement.EngagementService;
import dev.herald.engine.experiment.ExperimentDesign;
import dev.herald.engine.experiment.store.ExperimentService;
import dev.herald.engine.testsupport.HeraldDatabase;
import dev.herald.engine.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Unsubscribe links, opens and clicks on real rows (H2): what a marketing email carries, what each signed
 * link does, and that an altered token does nothing.
 */
class EngagementH2IT {

    private static final Pattern HREF = Pattern.compile("href=\"([^\"]+)\"");

    @TempDir
    Path dir;
    HeraldDatabase db;
    ConsentPipeline herald;

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(TestDatabases.h2(dir));
        herald = new ConsentPipeline(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void marketingEmailCarriesOneClickHeadersTheVisibleLinkTrackedLinksAndAPixel() {
        herald.signup("c1", "ann@example.com", "Ann Smith");
        OutboundEmail email = herald.dispatcher.claimDue(10).get(0);

        String unsubscribe = ConsentPipeline.PUBLIC_URL + "/u/" + herald.tokens.unsubscribe(email.outboxId());
        assertThat(email.headers()).containsEntry("List-Unsubscribe", "<" + unsubscribe + ">")
                .containsEntry("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        assertThat(email.email().html()).contains("href=\"" + unsubscribe + "\"")
                .contains("<img src=\"" + ConsentPipeline.PUBLIC_URL + "/o/" + herald.tokens.open(email.outboxId()) + ".gif\"")
                .doesNotContain("https://shop.example/new");
        assertThat(email.email().text()).contains("Unsubscribe: " + unsubscribe);
        assertThat(links(email.email().html())).containsExactly(
                ConsentPipeline.PUBLIC_URL + "/c/" + herald.tokens.click(email.outboxId(), "https://shop.example/new?a=1&b=2"),
                unsubscribe);
        assertThat(unsubscribe).doesNotContain("ann").doesNotContain("example.com");
    }

    @Test
    void oneClickUnsubscribeSuppressesWithdrawsConsentAndIsIdempotent() {
        herald.signup("c1", "ann@example.com", "Ann Smith");
        OutboundEmail email = herald.dispatcher.claimDue(10).get(0);
        String token = herald.tokens.unsubscribe(email.outboxId());

        assertThat(herald.engagement.unsubscribeTarget(token)).get()
                .extracting(EngagementService.Sent::customerId).isEqualTo("c1");
        assertThat(herald.suppressions.find("ann@example.com")).as("looking is not unsubscribing").isEmpty();

        assertThat(herald.engagement.unsubscribe(token, "one-click")).isPresent();
        assertThat(herald.engagement.unsubscribe(token, "one-click")).isPresent();

        assertThat(herald.suppressions.find("ann@example.com")).get()
                .extracting(Suppression::reason).isEqualTo(SuppressionReason.UNSUBSCRIBED);
        assertThat(herald.consents.find("c1", "email")).get()
                .extracting(ConsentService.Consent::status).isEqualTo(ConsentService.Status.WITHDRAWN);
        assertThat(db.count("engagement_event")).isEqualTo(1);
        assertThat(db.count("suppression")).isEqualTo(1);
    }

    @Test
    void alteredOrMisusedTokensDoNothing() {
        herald.signup("c1", "ann@example.com", "Ann Smith");
        herald.signup("c2", "bob@example.com", "Bob Jones");
        List<OutboundEmail> emails = herald.dispatcher.claimDue(10);
        long ann = emails.get(0).outboxId();
        long bob = emails.get(1).outboxId();
        String annToken = herald.tokens.unsubscribe(ann);
        String bobTag = herald.tokens.unsubscribe(bob).split("\\.")[1];
        String forged = b64("u:" + bob) + "." + annToken.split("\\.")[1];
        String evil = b64("c:" + ann + ":https://evil.example/") + "." + herald.tokens.click(ann, "https://shop.example/new?a=1&b=2").split("\\.")[1];

        assertThat(herald.engagement.unsubscribe(forged, "one-click")).isEmpty();
        assertThat(herald.engagement.unsubscribe(annToken.substring(0, annToken.length() - 2) + "AA", "one-click")).isEmpty();
        assertThat(herald.engagement.unsubscribe(herald.tokens.open(ann), "one-click")).as("an open token").isEmpty();
        assertThat(herald.engagement.unsubscribe("garbage", "one-click")).isEmpty();
        assertThat(herald.engagement.recordClick(evil)).as("no open redirect").isEmpty();
        assertThat(herald.engagement.recordOpen(b64("o:" + bob) + "." + bobTag)).isFalse();
        assertThat(new dev.herald.engine.engagement.TrackingTokens("another-secret-0123456789".getBytes(StandardCharsets.UTF_8))
                .verify(annToken, dev.herald.engine.engagement.TrackingTokens.Kind.UNSUBSCRIBE)).isEmpty();

        assertThat(db.count("suppression")).isZero();
        assertThat(db.count("engagement_event")).isZero();
    }

    @Test
    void opensAndClicksAreRecordedAgainstTheMessageAndVariantAndFeedTheExperiment() {
        ExperimentService experiments = new ExperimentService(db.transactions(), herald.clock);
        experiments.define("welcome", new ExperimentDesign("welcome-salt", 0, List.of(
                new ExperimentDesign.Arm("A", 1, Map.of()), new ExperimentDesign.Arm("B", 1, Map.of()))),
                "A", Duration.ofHours(72));
        herald.signup("c1", "ann@example.com", "Ann Smith");
        OutboundEmail email = herald.dispatcher.claimDue(10).get(0);
        herald.dispatcher.markSent(email.outboxId());
        String variant = (String) db.row("select variant from outbox_message where id = ?", email.outboxId()).get("variant");
        herald.clock.advance(Duration.ofMinutes(5));

        String tracked = links(email.email().html()).get(0);
        String clickToken = tracked.substring(tracked.lastIndexOf('/') + 1);
        assertThat(herald.engagement.recordOpen(herald.tokens.open(email.outboxId()))).isTrue();
        assertThat(herald.engagement.recordClick(clickToken)).contains("https://shop.example/new?a=1&b=2");
        assertThat(herald.engagement.recordClick(clickToken)).contains("https://shop.example/new?a=1&b=2");

        assertThat(db.rows("select kind, variant, campaign, coalesce(url, '-') as url from engagement_event order by id")).containsExactly(
                Map.of("kind", "OPEN", "variant", variant, "campaign", "welcome", "url", "-"),
                Map.of("kind", "CLICK", "variant", variant, "campaign", "welcome", "url", "https://shop.example/new?a=1&b=2"),
                Map.of("kind", "CLICK", "variant", variant, "campaign", "welcome", "url", "https://shop.example/new?a=1&b=2"));
        assertThat(db.rows("select o.kind as kind, e.variant as variant from experiment_outcome o"
                + " join experiment_exposure e on e.id = o.exposure_id order by o.kind desc"))
                .as("each counted once per email for the A/B report").containsExactly(
                        Map.of("kind", "OPEN", "variant", variant), Map.of("kind", "CLICK", "variant", variant));
        assertThat(herald.clicks).containsExactly("c1/welcome/" + email.outboxId(), "c1/welcome/" + email.outboxId());
    }

    @Test
    void anOrderIsAttributedToTheLastClickElseTheLastSendWithinAWeekAndReported() {
        herald.signup("c1", "ann@example.com", "Ann Smith");
        herald.signup("c2", "bob@example.com", "Bob Jones");
        List<OutboundEmail> welcomes = herald.dispatcher.claimDue(10);
        welcomes.forEach(e -> herald.dispatcher.markSent(e.outboxId()));
        OutboundEmail ann = welcomes.stream().filter(e -> e.customerId().equals("c1")).findFirst().orElseThrow();
        herald.clock.advance(Duration.ofHours(1));
        herald.engagement.recordOpen(herald.tokens.open(ann.outboxId()));
        herald.engagement.recordClick(links(ann.email().html()).get(0).replaceAll(".*/c/", ""));
        herald.clock.advance(Duration.ofHours(2));

        herald.order("c1", "ann@example.com", "Ann Smith", "o-1");   // after a click
        herald.order("c2", "bob@example.com", "Bob Jones", "o-2");   // after a send only
        herald.clock.advance(Duration.ofDays(8));
        herald.order("c2", "bob@example.com", "Bob Jones", "o-3");   // a week too late

        assertThat(db.rows("select customer_id, campaign, order_id, revenue from engagement_event"
                + " where kind = 'CONVERSION' order by order_id")).extracting(r -> r.get("customer_id") + "/"
                + r.get("campaign") + "/" + r.get("order_id") + "/" + ((java.math.BigDecimal) r.get("revenue")).toPlainString())
                .containsExactly("c1/welcome/o-1/5.0000", "c2/welcome/o-2/5.0000");
        dev.herald.engine.engagement.EngagementReport.Line welcome =
                dev.herald.engine.engagement.EngagementReport.build(db.transactions(), "welcome").get(0);
        assertThat(welcome).isEqualTo(new dev.herald.engine.engagement.EngagementReport.Line("welcome", "A", 2, 0, 1,
                1, 0, 2, new java.math.BigDecimal("10.0000")));
        assertThat(welcome.clickRate()).isEqualTo(0.5);
    }

    @Test
    void aConfiguredConversionWindowCountsOnlyOrdersInsideIt() {
        herald.events.withConversionWindow(Duration.ofHours(1));
        herald.signup("c1", "ann@example.com", "Ann Smith");
        herald.signup("c2", "bob@example.com", "Bob Jones");
        herald.dispatcher.claimDue(10).forEach(e -> herald.dispatcher.markSent(e.outboxId()));
        herald.clock.advance(Duration.ofMinutes(30));
        herald.order("c1", "ann@example.com", "Ann Smith", "o-1");   // half an hour after the send
        herald.clock.advance(Duration.ofMinutes(60));
        herald.order("c2", "bob@example.com", "Bob Jones", "o-2");   // an hour and a half after: outside

        assertThat(db.rows("select customer_id, order_id from engagement_event where kind = 'CONVERSION'"))
                .extracting(r -> r.get("customer_id") + "/" + r.get("order_id")).containsExactly("c1/o-1");
        assertThatThrownBy(() -> herald.events.withConversionWindow(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> links(String html) {
        Matcher m = HREF.matcher(html);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
