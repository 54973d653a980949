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
}
