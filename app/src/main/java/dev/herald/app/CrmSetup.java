package dev.herald.app;

import dev.herald.engine.application.EventProcessingService;
import dev.herald.engine.enrichment.CrmEnrichment;
import dev.herald.engine.enrichment.CrmSettings;
import dev.herald.engine.persistence.Transactions;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/** Builds CRM enrichment from the {@code herald.crm.*} settings, and connects it to event processing. */
final class CrmSetup {

    private CrmSetup() {
    }

    /** The enrichment, or null when {@code herald.crm.url} is empty; {@code processing} then asks nothing. */
    static CrmEnrichment enrichment(HeraldConfig config, Transactions transactions, EventProcessingService processing) {
        if (!config.isSet(HeraldConfig.CRM_URL)) {
            return null;
        }
        URI base;
        try {
            base = URI.create(config.get(HeraldConfig.CRM_URL));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(HeraldConfig.CRM_URL + " is not a URL: " + e.getMessage(), e);
        }
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
            throw new IllegalArgumentException(HeraldConfig.CRM_URL + " must be an http or https URL");
        }
        CrmSettings defaults = CrmSettings.of(base, config.get(HeraldConfig.CRM_LOOKUP_PATH),
                config.get(HeraldConfig.CRM_AUTH_HEADER), config.get(HeraldConfig.CRM_AUTH_VALUE),
                CrmSettings.parseFields(config.get(HeraldConfig.CRM_FIELDS)));
        CrmSettings settings = new CrmSettings(defaults.baseUrl(), defaults.lookupPath(), defaults.authHeader(),
                defaults.authValue(), defaults.fields(), config.getMillis(HeraldConfig.CRM_TIMEOUT_MS),
                config.getInt(HeraldConfig.CRM_ATTEMPTS), defaults.backoff(), defaults.failureRate(),
                defaults.minimumCalls(), config.getMillis(HeraldConfig.CRM_CIRCUIT_OPEN_MS),
                Duration.ofMinutes(config.getInt(HeraldConfig.CRM_CACHE_MINUTES)), defaults.refreshAfter(),
                defaults.maxSweepAttempts(), defaults.sweepRetry());
        CrmEnrichment enrichment = new CrmEnrichment(settings, transactions, Clock.systemUTC());
        processing.withEnrichment(enrichment);
        return enrichment;
    }
}
