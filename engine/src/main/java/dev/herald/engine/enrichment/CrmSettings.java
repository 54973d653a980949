package dev.herald.engine.enrichment;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach the CRM and read its answer.
 *
 * @param baseUrl          e.g. {@code https://crm.example.com/api}
 * @param lookupPath       appended to the base URL; {@code {customerId}} and {@code {email}} are replaced
 *                         (URL-encoded), e.g. {@code /contacts/{customerId}}
 * @param authHeader       header carrying the credential, e.g. {@code Authorization}; empty = none
 * @param authValue        its value, e.g. {@code Bearer abc}; never logged
 * @param fields           Herald field → JSON pointer into the CRM's answer; {@code name} and {@code email} fill
 *                         the profile, {@code crm_id} also becomes an identity key, the rest become attributes
 * @param timeout          per HTTP call
 * @param attempts         calls per lookup within one sweep (1 = no immediate retry)
 * @param backoff          wait before the first immediate retry, doubling after
 * @param failureRate      percentage of failed calls that opens the circuit
 * @param minimumCalls     calls in the window before the failure rate counts
 * @param openFor          how long an open circuit refuses calls before letting one through
 * @param cacheTtl         how long a CRM answer is reused
 * @param refreshAfter     a customer enriched (or unknown to the CRM) is asked for again after this long
 * @param maxSweepAttempts failed sweeps before a customer's enrichment is given up (kept with the last error)
 * @param sweepRetry       first delay before a failed customer is swept again, doubling per failure
 */
public record CrmSettings(URI baseUrl, String lookupPath, String authHeader, String authValue,
                          Map<String, String> fields, Duration timeout, int attempts, Duration backoff,
                          float failureRate, int minimumCalls, Duration openFor, Duration cacheTtl,
                          Duration refreshAfter, int maxSweepAttempts, Duration sweepRetry) {

    public static final String DEFAULT_LOOKUP_PATH = "/contacts/{customerId}";
    public static final String DEFAULT_FIELDS = "name=/name,country=/country,crm_id=/id";

    public CrmSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        fields = Map.copyOf(fields);
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("the CRM field mapping is empty: nothing to enrich");
        }
        if (attempts < 1 || maxSweepAttempts < 1 || minimumCalls < 1) {
            throw new IllegalArgumentException("CRM attempts and minimum calls must be at least 1");
        }
    }

    /** Defaults for everything but where the CRM is and what to read. */
    public static CrmSettings of(URI baseUrl, String lookupPath, String authHeader, String authValue,
                                 Map<String, String> fields) {
        return new CrmSettings(baseUrl, lookupPath, authHeader, authValue, fields, Duration.ofSeconds(2), 3,
                Duration.ofMillis(200), 50f, 5, Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofHours(24),
                8, Duration.ofSeconds(30));
    }

    /**
     * Parses {@code name=/properties/name,country=/properties/country} into a mapping; every pointer must
     * start with {@code /} and every target be a plain attribute name.
     */
    public static Map<String, String> parseFields(String spec) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0 || eq == p.length() - 1) {
                throw new IllegalArgumentException("CRM field mapping '" + p + "' is not FIELD=/json/pointer");
            }
            String target = p.substring(0, eq).strip();
            String pointer = p.substring(eq + 1).strip();
            if (!target.matches("[A-Za-z][A-Za-z0-9_.-]{0,99}")) {
                throw new IllegalArgumentException("CRM field mapping target '" + target + "' is not a field name");
            }
            if (target.toLowerCase(java.util.Locale.ROOT).startsWith("consent")) {
                throw new IllegalArgumentException("CRM field mapping target '" + target
                        + "': consent is not taken from enrichment (it comes with its source through identify)");
            }
            if (!pointer.startsWith("/")) {
                throw new IllegalArgumentException("CRM field mapping '" + p + "': the pointer must start with /");
            }
            fields.put(target, pointer);
        }
        return fields;
    }

    /** The attribute names the CRM fills (not the profile's own name and email). */
    public java.util.Set<String> attributeTargets() {
        java.util.Set<String> targets = new java.util.TreeSet<>(fields.keySet());
        targets.remove("name");
        targets.remove("email");
        return targets;
    }

    @Override
    public String toString() {
        return "CrmSettings[" + baseUrl + lookupPath + ", fields=" + fields + ", timeout=" + timeout + "]";
    }
}
