package dev.herald.ear;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CRM enrichment in the EAR is configured like the standalone runtime, from properties or the environment. */
class EarCrmSettingsTest {

    @Test
    void noCrmUrlMeansNoEnrichment() {
        assertThat(EarCrmSettings.from(key -> null, Map.of())).isEmpty();
    }

    @Test
    void readsTheCrmSettingsFromTheEnvironmentWithTheStandaloneDefaults() {
        EarCrmSettings crm = EarCrmSettings.from(key -> null, Map.of("HERALD_CRM_URL", "https://crm.example/api",
                "HERALD_CRM_AUTH_VALUE", "Bearer x", "HERALD_CRM_TIMEOUT_MS", "500",
                "HERALD_CRM_FIELDS", "name=/properties/name,crm_id=/id")).orElseThrow();

        assertThat(crm.settings().baseUrl()).hasToString("https://crm.example/api");
        assertThat(crm.settings().lookupPath()).isEqualTo("/contacts/{customerId}");
        assertThat(crm.settings().authHeader()).isEqualTo("Authorization");
        assertThat(crm.settings().authValue()).isEqualTo("Bearer x");
        assertThat(crm.settings().timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(crm.settings().fields()).containsOnlyKeys("name", "crm_id");
        assertThat(crm.settings().attempts()).isEqualTo(3);
        assertThat(crm.sweepPeriod()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void refusesABadUrlOrMapping() {
        assertThatThrownBy(() -> EarCrmSettings.from(key -> null, Map.of("HERALD_CRM_URL", "ftp://crm")))
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> EarCrmSettings.from(key -> null, Map.of("HERALD_CRM_URL", "https://crm",
                "HERALD_CRM_FIELDS", "consent_email=/optIn")))
                .hasMessageContaining("consent is not taken from enrichment");
    }
}
