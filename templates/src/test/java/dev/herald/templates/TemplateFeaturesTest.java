package dev.herald.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.engine.application.EmailModel;
import dev.herald.engine.customer.Customer;
import dev.herald.engine.event.CustomerSignedUp;
import dev.herald.engine.event.OrderCompleted;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Filters, preheaders, variants, locale formatting and the recommendations block. */
class TemplateFeaturesTest {

    private static final Instant PLACED = Instant.parse("2026-11-23T10:15:30Z");

    private final MustacheTemplateRenderer renderer = new MustacheTemplateRenderer();

    private static Map<String, Object> orderModel(String name, Locale locale, List<EmailModel.Recommendation> recos) {
        Customer customer = new Customer("C17850", "ann@example.com", name, PLACED);
        OrderCompleted order = new OrderCompleted("ord-1001-completed", "C17850", "ann@example.com", name, "ord-1001",
                "EUR", List.of(new OrderCompleted.OrderItem("85123A", "White Hanging Heart", 2, new BigDecimal("1234.50"))),
                new BigDecimal("2469.00"), PLACED);
        return EmailModel.of(customer, order, "first-order-thanks", locale, recos);
    }

    @Test
    void defaultFilterFillsAMissingFirstName() {
        Map<String, Object> model = Models.welcome("", "");
        RenderedTemplate email = renderer.render("promo", null, model);
        assertThat(email.subject()).isEqualTo("Spring offers for you");
        assertThat(email.html()).contains("Hi there, base offer.");
        assertThat(renderer.render("promo", null, Models.welcome("Ada L", "Ada")).subject())
                .isEqualTo("Spring offers for Ada");
    }

    @Test
    void filteredValuesAreStillEscapedInHtmlButNotInTheSubject() {
        Map<String, Object> model = Models.welcome("tom & <b>jerry</b>", "tom<i>");
        RenderedTemplate email = renderer.render("filters", null, model);
        assertThat(email.html()).contains("<p>TOM &amp; &lt;B&gt;JERRY&lt;/B&gt;</p>").doesNotContain("<B>");
        assertThat(email.subject()).startsWith("TOM<I>");
    }

    @Test
    void dateFilterFormatsForTheModelLocale() {
        Map<String, Object> model = new LinkedHashMap<>(Models.welcome("Ann", "Ann"));
        model.put("order", Map.of("placedAt", "2026-11-23T10:15:30Z"));
        model.put("locale", "en-GB");
        assertThat(renderer.render("filters", null, model).html()).contains("<p>23 November 2026</p>", "<p>23/11/2026</p>");
        model.put("locale", "de-DE");
        assertThat(renderer.render("filters", null, model).html()).contains("<p>23. November 2026</p>", "<p>23.11.26</p>");
        model.put("locale", "en-US");
        assertThat(renderer.render("filters", null, model).html()).contains("<p>November 23, 2026</p>");
        model.put("order", Map.of("placedAt", "not a date"));
        assertThat(renderer.render("filters", null, model).html()).contains("<p>not a date</p>");
    }

    @Test
    void moneyAndDatesFollowTheCustomerLocale() {
        RenderedTemplate uk = renderer.render("thank-you", null, orderModel("Ann Smith", Locale.UK, List.of()));
        assertThat(uk.html()).contains("€1,234.50", "€2,469.00");
        assertThat(uk.preheader()).isEqualTo("We have received your order ord-1001 of 23 November 2026 and will let"
                + " you know when it ships.");
        RenderedTemplate de = renderer.render("thank-you", null, orderModel("Ann Smith", Locale.GERMANY, List.of()));
        assertThat(de.html()).contains("1.234,50\u00a0€", "2.469,00\u00a0€");
        // a German reader gets the German translation, with the date written the German way
        assertThat(de.preheader()).contains("vom 23. November 2026");
    }

    @Test
    void preheaderIsHiddenAtTheTopOfTheHtmlAndKeptOutOfTheText() {
        RenderedTemplate email = renderer.render("welcome", null, Models.welcome("Ada Lovelace", "Ada"));
        assertThat(email.preheader()).isEqualTo("Your account is ready, Ada: new arrivals and members-only offers await.");
        assertThat(email.html()).contains("<div data-preheader style=\"display:none;")
                .contains(">Your account is ready, Ada: new arrivals and members-only offers await.</div>");
        assertThat(email.html().indexOf("data-preheader")).isLessThan(email.html().indexOf("Welcome to Herald Shop!"));
        assertThat(email.text()).doesNotContain("Your account is ready, Ada:");
        RenderedTemplate derived = renderer.render("promo", "C", Models.welcome("Ada Lovelace", "Ada"));
        assertThat(derived.html()).contains("Just for you: spring offers");
        assertThat(derived.text()).startsWith("Herald Shop\n").doesNotContain("Just for you");
    }

    @Test
    void preheaderValuesAreEscapedInHtml() {
        RenderedTemplate email = renderer.render("welcome", null, Models.welcome("x", "<b>Ada</b>"));
        assertThat(email.preheader()).startsWith("Your account is ready, <b>Ada</b>:");
        assertThat(email.html()).contains("ready, &lt;b&gt;Ada&lt;/b&gt;:").doesNotContain("<b>Ada");
    }

    @Test
    void lineBreaksInAnyHeaderValueAreRejected() {
        for (String injected : List.of("Ada\r\nBcc: all@example.com", "Ada\nBcc: x@example.com", "Ada\rX",
                "Ada\u2028X", "Ada\u0085X")) {
            assertThatThrownBy(() -> renderer.render("welcome", null, Models.welcome(injected, injected)))
                    .as("%s", injected.replace("\r", "\\r").replace("\n", "\\n"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("header injection");
        }
        // the subject of promo has no first name when it is blank, but the preheader of thank-you carries the order id
        Map<String, Object> model = Models.thankYou("Ann", "Ann", List.of(), "£0.00");
        @SuppressWarnings("unchecked")
        Map<String, Object> order = (Map<String, Object>) model.get("order");
        order.put("id", "ord-1\r\nBcc: x@example.com");
        assertThatThrownBy(() -> renderer.render("thank-you", null, model))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("preheader of email template 'thank-you'");
    }

    @Test
    void variantsOverrideSomePartsAndKeepTheRest() {
        Map<String, Object> model = Models.welcome("Ada Lovelace", "Ada");
        RenderedTemplate base = renderer.render("promo", null, model);
        RenderedTemplate b = renderer.render("promo", "B", model);
        RenderedTemplate c = renderer.render("promo", "C", model);
        assertThat(base.subject()).isEqualTo("Spring offers for Ada");
        assertThat(b.subject()).isEqualTo("Last chance, Ada: 20% off");
        assertThat(b.html()).isEqualTo(base.html());
        assertThat(b.text()).isEqualTo("Hi Ada, base offer in text.\n");
        assertThat(c.subject()).isEqualTo(base.subject());
        assertThat(c.html()).contains("variant C offer");
        assertThat(c.text()).contains("Hi Ada, variant C offer.").doesNotContain("base offer");
        assertThatThrownBy(() -> renderer.render("promo", "Z", model))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no variant 'Z'");
        assertThatThrownBy(() -> renderer.render("promo", "../welcome", model))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void outboxVariantRendersItsOverrideAndFallsBackToTheBaseTemplate() {
        Map<String, Object> model = Models.welcome("Ada Lovelace", "Ada");
        assertThat(renderer.renderVariant("promo", "B", model).subject()).isEqualTo("Last chance, Ada: 20% off");
        assertThat(renderer.renderVariant("promo", "C", model).html()).contains("variant C offer");
        // an arm without override files (A, or an arm that differs only elsewhere) sends the base template
        for (String variant : new String[] {"A", "Z", null}) {
            assertThat(renderer.renderVariant("promo", variant, model))
                    .isEqualTo(renderer.render("promo", model));
        }
        assertThat(renderer.hasVariant("promo", "B")).isTrue();
        assertThat(renderer.hasVariant("promo", "../welcome")).isFalse();
    }

    @Test
    void recommendationsBlockListsTopProductsWhenPresent() {
        List<EmailModel.Recommendation> recos = List.of(
                new EmailModel.Recommendation("Regency Cakestand 3 Tier", new BigDecimal("12.75"), "GBP",
                        "https://img.example/22423.jpg", "https://shop.example/p/22423"),
                new EmailModel.Recommendation("Jumbo Bag <Red> & Retrospot", new BigDecimal("2.08"), "GBP",
                        "https://img.example/85099B.jpg", "javascript:alert(1)"));
        RenderedTemplate email = renderer.render("thank-you", null, orderModel("Ann Smith", Locale.UK, recos));
        assertThat(email.html()).containsOnlyOnce("You might also like")
                .contains("<img src=\"https://img.example/22423.jpg\" alt=\"Regency Cakestand 3 Tier\"")
                .contains("href=\"https://shop.example/p/22423\"")
                .contains(">Regency Cakestand 3 Tier</a><br>£12.75")
                .contains("Jumbo Bag &lt;Red&gt; &amp; Retrospot</a><br>£2.08")
                .doesNotContain("javascript:");
        assertThat(email.text()).contains("You might also like:\n- Regency Cakestand 3 Tier, £12.75: https://shop.example/p/22423\n"
                + "- Jumbo Bag <Red> & Retrospot, £2.08\n");
        RenderedTemplate without = renderer.render("thank-you", null, orderModel("Ann Smith", Locale.UK, List.of()));
        assertThat(without.html()).doesNotContain("You might also like").doesNotContain("<img");
        assertThat(without.text()).doesNotContain("You might also like");
    }

    @Test
    void winBackShowsRecommendationsAndDerivesItsText() {
        Customer customer = new Customer("C1", "ada@example.com", "Ada Lovelace", PLACED);
        Map<String, Object> model = EmailModel.of(customer,
                new CustomerSignedUp("evt-1", "C1", "ada@example.com", "Ada Lovelace", PLACED), "win-back-at-risk",
                Locale.UK, List.of(new EmailModel.Recommendation("Party Bunting", new BigDecimal("4.95"), "GBP", null,
                        "https://shop.example/p/47566")));
        RenderedTemplate email = renderer.render("win-back", null, model);
        assertThat(email.subject()).isEqualTo("We miss you, Ada");
        assertThat(email.html()).contains("Hi Ada,", "You might also like", ">Party Bunting</a><br>£4.95")
                .doesNotContain("<img");
        assertThat(email.text()).startsWith("Herald Shop\n\nWe miss you!\n\nHi Ada,\n")
                .contains("You might also like\n\nParty Bunting (https://shop.example/p/47566)\n£4.95\n")
                .doesNotContain("It has been a while: here is");
    }

    @Test
    void engineModelOfASignupRendersTheWelcomeEmail() {
        Customer customer = new Customer("C1", "ada@example.com", "Ada Lovelace", PLACED);
        Map<String, Object> model = EmailModel.of(customer,
                new CustomerSignedUp("evt-1", "C1", "ada@example.com", "Ada Lovelace", PLACED), "welcome-series",
                Locale.UK, List.of());
        assertThat(model).containsEntry("locale", "en-GB").doesNotContainKey("recommendations");
        assertThat(renderer.render("welcome", model).subject()).isEqualTo("Welcome to Herald Shop, Ada!");
    }
}
