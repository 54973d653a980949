package dev.herald.templates;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.herald.templates.LinkChecker.Outcome;
import dev.herald.templates.TemplateLinkCheck.Link;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A template's links as {@link TemplateLinkCheck} gathers them: rendered as written and in each variant and
 * translation, the send-time links pointing at Herald and skipped, each outside link checked once.
 */
class TemplateLinkCheckTest {

    private static final String HERALD = "https://herald.example";

    WireMockServer site;
    String base;
    TemplateLibrary library;

    @BeforeEach
    void start() {
        site = new WireMockServer(wireMockConfig().dynamicPort());
        site.start();
        base = "http://127.0.0.1:" + site.port();
        site.stubFor(any(urlEqualTo("/sale")).willReturn(aResponse().withStatus(200)));
        site.stubFor(any(urlEqualTo("/angebot")).willReturn(aResponse().withStatus(200)));
        site.stubFor(any(urlEqualTo("/old-offer")).willReturn(aResponse().withStatus(404)));
        String footer = "{{#unsubscribeUrl}}<a href=\"{{unsubscribeUrl}}\">Unsubscribe</a>{{/unsubscribeUrl}}";
        library = TemplateLibrary.of(Map.of(
                "promo/subject.mustache", "Spring sale, {{customer.firstName | default: \"friend\"}}",
                "promo/html.mustache", "<p><a href=\"" + base + "/sale\">Sale</a></p>" + footer,
                "promo/text.mustache", "Sale: " + base + "/sale",
                "promo/variants/B/html.mustache", "<p><a href=\"" + base + "/old-offer\">Offer</a></p>" + footer,
                "promo/locales/de/subject.mustache", "Frühlingsangebot",
                "promo/locales/de/html.mustache", "<p><a href=\"" + base + "/angebot\">Angebot</a></p>" + footer),
                null);
    }

    @AfterEach
    void stop() {
        site.stop();
    }

    @Test
    void every_variant_and_translation_is_rendered_and_each_link_says_where_it_appears() {
        TemplateLinkCheck check = new TemplateLinkCheck(library,
                LinkChecker.skippingHeraldAt(() -> HERALD).withTimeout(Duration.ofSeconds(2)));

        TemplateLinkCheck.Report report = check.check("promo");

        assertThat(report.renderings()).containsExactly("as written", "de translation", "variant B",
                "variant B, de translation");
        assertThat(report.problems()).isEmpty();
        assertThat(report.links()).extracting(l -> l.result().url()).containsExactly(base + "/sale",
                HERALD + "/u/link-check", base + "/angebot", base + "/old-offer");
        Link sale = report.links().get(0);
        assertThat(sale.result().outcome()).isEqualTo(Outcome.OK);
        // the de translation's text part is a copy of the text part to translate; variant B's text comes from its HTML
        assertThat(sale.foundIn()).containsExactly("as written", "de translation");
        assertThat(sale.inEvery()).isFalse();
        Link unsubscribe = report.links().get(1);
        assertThat(unsubscribe.result().outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(unsubscribe.result().reason()).startsWith("Herald's own link");
        assertThat(unsubscribe.inEvery()).isTrue();
        Link offer = report.links().get(3);
        assertThat(offer.result().outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(offer.result().status()).isEqualTo(404);
        assertThat(offer.foundIn()).containsExactly("variant B");
        // variant B has no German HTML: the library fills in a copy of the de translation's, to be translated
        assertThat(report.links().get(2).foundIn()).containsExactly("de translation", "variant B, de translation");
        assertThat(report.summary()).hasToString("4 links: 2 fine, 1 broken, 1 skipped");
        assertThat(report.clean()).isFalse();
    }

    @Test
    void an_unsaved_edit_is_checked_as_it_would_render_and_an_invalid_one_is_not_checked() {
        TemplateLinkCheck check = new TemplateLinkCheck(library, LinkChecker.skippingHeraldAt(() -> HERALD));

        TemplateLinkCheck.Report edited = check.check("promo", t -> TemplateLibrary.sampleModel("promo", t),
                "promo/variants/B/html.mustache", "<p><a href=\"" + base + "/sale\">Sale</a></p>");
        TemplateLinkCheck.Report invalid = check.check("promo", t -> TemplateLibrary.sampleModel("promo", t),
                "promo/html.mustache", "<p>{{#customer.name}}never closed</p>");

        assertThat(edited.links()).extracting(l -> l.result().url()).doesNotContain(base + "/old-offer");
        assertThat(edited.clean()).isTrue();
        assertThat(invalid.links()).isEmpty();
        assertThat(invalid.problems()).singleElement().satisfies(p ->
                assertThat(p).startsWith("the template has errors").contains("promo/html.mustache"));
        assertThat(library.source("promo/variants/B/html.mustache")).contains("/old-offer");
    }

    @Test
    void one_check_asks_each_site_once_across_templates() {
        TemplateLinkCheck check = new TemplateLinkCheck(library, LinkChecker.skippingHeraldAt(() -> HERALD));

        TemplateLinkCheck.Report first = check.check("promo");
        TemplateLinkCheck.Report second = check.check("promo");

        site.verify(1, headRequestedFor(urlEqualTo("/sale")));
        assertThat(second.links()).isEqualTo(first.links());
    }
}
