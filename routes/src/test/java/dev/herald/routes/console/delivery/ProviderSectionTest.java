package dev.herald.routes.console.delivery;

import dev.herald.engine.delivery.MailboxProviderReport.Row;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery page's mailbox providers (ADR 0074): each provider's figures as rates, its domains named when they are
 * not the provider itself, and a chart with one open bar and one problem bar per provider that sent.
 */
class ProviderSectionTest {

    @Test
    void eachProviderShowsItsRatesAndDomainsAndTheChartHasTwoBarsPerProvider() {
        Map<String, Object> model = DeliveryModule.providers(List.of(
                new Row("Gmail", List.of("gmail.com", "googlemail.com"), 1200, 300, 60, 12, 2),
                new Row("shop.example", List.of("shop.example"), 40, 10, 1, 0, 0),
                new Row("Yahoo", List.of("yahoo.com"), 0, 0, 0, 1, 0)));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) model.get("rows");
        assertThat(rows.get(0)).containsEntry("id", "gmail").containsEntry("domains", "gmail.com, googlemail.com")
                .containsEntry("emails", "1,200").containsEntry("openRate", "25%").containsEntry("clickRate", "5%")
                .containsEntry("bounced", "12").containsEntry("complained", "2");
        assertThat(rows.get(1)).containsEntry("id", "shop-example").containsEntry("domains", null);
        assertThat(rows.get(2)).containsEntry("openRate", "–");
        String chart = (String) model.get("chart");
        assertThat(chart).startsWith("<svg").contains("Gmail: 25% of 1200 emails opened")
                .contains("Gmail: 1.17% bounced or complained").contains("shop.example: 25% of 40 emails opened")
                .doesNotContain("Yahoo");
        assertThat(chart.split("<rect ", -1)).hasSize(1 + 2 + 2 * 2); // two legend swatches, two bars per provider
    }

    @Test
    void nothingSentOrReportedHidesTheSection() {
        assertThat(DeliveryModule.providers(List.of())).isNull();
        assertThat(ProviderChart.svg(List.of(new Row("Yahoo", List.of("yahoo.com"), 0, 0, 0, 1, 0)))).isNull();
    }
}
