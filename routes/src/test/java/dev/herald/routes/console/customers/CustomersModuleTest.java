package dev.herald.routes.console.customers;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CustomersModuleTest {

    @Test
    void aCustomerIdOfAnyCharactersBecomesOnePathSegment() {
        assertThat(CustomersModule.pathSegment("C17850")).isEqualTo("C17850");
        assertThat(CustomersModule.pathSegment("anon:a/b c+d")).isEqualTo("anon%3Aa%2Fb%20c%2Bd");
        assertThat(java.net.URLDecoder.decode(CustomersModule.pathSegment("anon:a/b c+d"),
                java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("anon:a/b c+d");
    }

    @Test
    void aPageNumberThatIsNotOneStartsAtTheFirstPage() {
        assertThat(CustomersModule.parsePage(null)).isZero();
        assertThat(CustomersModule.parsePage("x")).isZero();
        assertThat(CustomersModule.parsePage("-3")).isZero();
        assertThat(CustomersModule.parsePage("2")).isEqualTo(2);
    }

    @Test
    void theLifetimePredictionsReadAsOneLineOnlyWhenTheModelStoredThem() {
        java.time.Instant at = java.time.Instant.parse("2026-11-25T03:00:00Z");
        var chance = new dev.herald.engine.customer.CustomerDirectory.Attribute("purchase_probability_90d", "0.7215",
                "lifetime", at);
        var orders = new dev.herald.engine.customer.CustomerDirectory.Attribute("expected_orders_90d", "1.3400",
                "lifetime", at);
        var spend = new dev.herald.engine.customer.CustomerDirectory.Attribute("expected_spend_90d", "1234.5000",
                "lifetime", at);

        assertThat(CustomersModule.nextNinetyDays(java.util.List.of(chance, orders, spend)))
                .hasValue("72 % chance to buy · 1.3 orders · 1,234.50 expected (as of 2026-11-25)");
        assertThat(CustomersModule.nextNinetyDays(java.util.List.of(chance, orders)))
                .hasValue("72 % chance to buy · 1.3 orders (as of 2026-11-25)");
        assertThat(CustomersModule.nextNinetyDays(java.util.List.of(orders))).isEmpty();
    }
}
