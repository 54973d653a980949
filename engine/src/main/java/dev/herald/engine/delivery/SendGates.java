package dev.herald.engine.delivery;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Herald's timing gates built from settings, shared by the standalone runtime and the EAR so that both read the
 * same keys the same way: frequency caps, quiet hours and the throttle (each {@code null} when switched off).
 * Runtimes list them with {@link #chain} in the order they are asked: suppression (consent) first, then caps,
 * quiet hours, and the throttle last, since it spends a token on every message it lets through. The defaults for
 * customers Herald knows too little of (time zone, locale) are read here too.
 */
public record SendGates(SendGate caps, SendGate quietHours, SendGate throttle, ZoneId defaultZone,
                        Locale defaultLocale) {

    public static final String DEFAULT_TIME_ZONE = "herald.default-time-zone";
    public static final String DEFAULT_LOCALE = "herald.email.default-locale";
    public static final String QUIET_HOURS = "herald.quiet-hours";
    public static final String GLOBAL_CAP = "herald.cap.global";
    public static final String THROTTLE_PER_SECOND = "herald.throttle.per-second";
    public static final String THROTTLE_DOMAIN_PER_SECOND = "herald.throttle.domain-per-second";
    public static final String THROTTLE_DOMAINS = "herald.throttle.domains";

    /** Defaults of the keys above (empty quiet hours = none; empty global cap = the campaigns folder's). */
    public static final List<String[]> SETTINGS = List.of(
            new String[]{DEFAULT_TIME_ZONE, "UTC", "time zone of customers without one on record (quiet hours,"
                    + " 'next 09:00' delays)"},
            new String[]{DEFAULT_LOCALE, "en-GB", "locale of customers without a locale or language attribute:"
                    + " the template translation they get and how money is written (BCP 47, e.g. de-DE)"},
            new String[]{QUIET_HOURS, "", "no emails in this daily window of the customer's local time, e.g."
                    + " 21:00-08:00 (deferred to its end, never dropped); empty = none"},
            new String[]{GLOBAL_CAP, "", "at most this many campaign emails per customer, e.g. 3/7d (deferred, not"
                    + " dropped); empty = globalCap of herald-rules.yaml; none = no global cap"},
            new String[]{THROTTLE_PER_SECOND, "0", "emails per second in all (0 = unlimited)"},
            new String[]{THROTTLE_DOMAIN_PER_SECOND, "0", "emails per second to one recipient domain (0 = unlimited)"},
            new String[]{THROTTLE_DOMAINS, "", "per-domain rates, e.g. gmail.com=20,yahoo.com=5"});

    /**
     * @param setting        a key's value, or null/empty when not set (defaults of {@link #SETTINGS} apply)
     * @param campaignLimits caps from the campaign definitions (per campaign, and the folder's global cap)
     * @throws IllegalArgumentException naming the key, for a value that cannot be read
     */
    public static SendGates fromSettings(Function<String, String> setting, FrequencyCapGate.Limits campaignLimits) {
        Function<String, String> value = key -> {
            String v = setting.apply(key);
            if (v == null || v.isBlank()) {
                return SETTINGS.stream().filter(s -> s[0].equals(key)).findFirst().map(s -> s[1]).orElse("");
            }
            return v.strip();
        };
        ZoneId zone;
        try {
            zone = ZoneId.of(value.apply(DEFAULT_TIME_ZONE));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(DEFAULT_TIME_ZONE + " is not a time zone (e.g. Europe/London, UTC): '"
                    + value.apply(DEFAULT_TIME_ZONE) + "'");
        }
        Locale locale = locale(value.apply(DEFAULT_LOCALE));
        String globalText = value.apply(GLOBAL_CAP);
        FrequencyCapGate.Limits limits;
        if (globalText.isEmpty()) {
            limits = campaignLimits;
        } else {
            Optional<FrequencyCapGate.Cap> global = globalText.equals("none") ? Optional.empty()
                    : Optional.of(parse(GLOBAL_CAP, () -> FrequencyCapGate.Cap.parse(globalText)));
            limits = new FrequencyCapGate.Limits() {
                @Override
                public Optional<FrequencyCapGate.Cap> global() {
                    return global;
                }

                @Override
                public Optional<FrequencyCapGate.Cap> forCampaign(String campaign) {
                    return campaignLimits.forCampaign(campaign);
                }
            };
        }
        String quietText = value.apply(QUIET_HOURS);
        SendGate quiet = quietText.isEmpty() ? null
                : new QuietHoursGate(parse(QUIET_HOURS, () -> QuietHoursGate.Window.parse(quietText)), zone);
        double overall = rate(THROTTLE_PER_SECOND, value.apply(THROTTLE_PER_SECOND));
        double perDomain = rate(THROTTLE_DOMAIN_PER_SECOND, value.apply(THROTTLE_DOMAIN_PER_SECOND));
        ThrottleGate.Rates rates = parse(THROTTLE_DOMAINS, () -> new ThrottleGate.Rates(overall, perDomain,
                ThrottleGate.Rates.parseDomains(value.apply(THROTTLE_DOMAINS))));
        return new SendGates(new FrequencyCapGate(limits), quiet, rates.unlimited() ? null : new ThrottleGate(rates),
                zone, locale);
    }

    /**
     * {@value #DEFAULT_LOCALE} read from settings (its default when unset), for runtimes that need only it.
     *
     * @throws IllegalArgumentException naming the key, for a value that is not a language tag
     */
    public static Locale defaultLocale(Function<String, String> setting) {
        String v = setting.apply(DEFAULT_LOCALE);
        return locale(v == null || v.isBlank() ? "en-GB" : v.strip());
    }

    private static Locale locale(String tag) {
        try {
            Locale locale = new Locale.Builder().setLanguageTag(tag.replace('_', '-')).build();
            if (!locale.getLanguage().isEmpty()) {
                return locale;
            }
        } catch (java.util.IllformedLocaleException e) {
            // reported below
        }
        throw new IllegalArgumentException("setting " + DEFAULT_LOCALE + " must be a language tag such as en-GB or"
                + " de-DE; got '" + tag + "'");
    }

    /** The non-null gates, in the order given. */
    public static List<SendGate> chain(SendGate... gates) {
        List<SendGate> chain = new ArrayList<>();
        Arrays.stream(gates).filter(Objects::nonNull).forEach(chain::add);
        return List.copyOf(chain);
    }

    private static double rate(String key, String text) {
        try {
            double rate = Double.parseDouble(text);
            if (rate >= 0 && Double.isFinite(rate)) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("setting " + key + " must be emails per second, 0 or more; got '" + text + "'");
    }

    private static <T> T parse(String key, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("setting " + key + ": " + e.getMessage(), e);
        }
    }
}
