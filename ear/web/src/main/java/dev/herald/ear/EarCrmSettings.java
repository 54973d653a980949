package dev.herald.ear;

import dev.herald.engine.enrichment.CrmSettings;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * CRM enrichment in WildFly (ADR 0018): the standalone runtime's {@code herald.crm.*} settings, read from system
 * properties or the environment ({@code HERALD_CRM_URL}, {@code HERALD_CRM_AUTH_VALUE}, …) with the same
 * defaults. No {@code herald.crm.url}, no enrichment.
 *
 * @param sweepPeriod how often pending enrichments are swept
 */
record EarCrmSettings(CrmSettings settings, Duration sweepPeriod) {

    static Optional<EarCrmSettings> fromEnvironment() {
        return from(System.getProperties()::getProperty, System.getenv());
    }

    static Optional<EarCrmSettings> from(Function<String, String> systemProperties, Map<String, String> env) {
        Function<String, String> lookup = EarSettings.lookup(systemProperties, env);
        String url = lookup.apply("herald.crm.url");
        if (url == null) {
            return Optional.empty();
        }
        URI base = URI.create(url);
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
            throw new IllegalArgumentException("herald.crm.url must be an http or https URL, got '" + url + "'");
        }
        CrmSettings defaults = CrmSettings.of(base, or(lookup, "herald.crm.lookup-path", CrmSettings.DEFAULT_LOOKUP_PATH),
                or(lookup, "herald.crm.auth-header", "Authorization"), or(lookup, "herald.crm.auth-value", ""),
                CrmSettings.parseFields(or(lookup, "herald.crm.fields", CrmSettings.DEFAULT_FIELDS)));
        CrmSettings settings = new CrmSettings(defaults.baseUrl(), defaults.lookupPath(), defaults.authHeader(),
                defaults.authValue(), defaults.fields(), Duration.ofMillis(EarSettings.positive(lookup, "herald.crm.timeout-ms", 2000)),
                EarSettings.positive(lookup, "herald.crm.attempts", 3), defaults.backoff(), defaults.failureRate(),
                defaults.minimumCalls(), Duration.ofMillis(EarSettings.positive(lookup, "herald.crm.circuit-open-ms", 30_000)),
                Duration.ofMinutes(EarSettings.positive(lookup, "herald.crm.cache-minutes", 10)), defaults.refreshAfter(),
                defaults.maxSweepAttempts(), defaults.sweepRetry());
        return Optional.of(new EarCrmSettings(settings,
                Duration.ofMillis(EarSettings.positive(lookup, "herald.crm.sweep-period-ms", 1000))));
    }

    private static String or(Function<String, String> lookup, String key, String fallback) {
        String value = lookup.apply(key);
        return value == null ? fallback : value;
    }
}
