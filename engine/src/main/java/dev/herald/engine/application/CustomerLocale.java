package dev.herald.engine.application;

import jakarta.persistence.EntityManager;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The locale a customer's emails are written and formatted in, from what Herald knows of them: their {@code locale}
 * attribute (a BCP 47 tag such as {@code de-AT}, or Java's {@code de_AT}; Segment's {@code context.locale} lands
 * there), else their {@code language} attribute ({@code de}, or a language's English or own name such as
 * {@code German} or {@code Deutsch}) with their {@code country} when that is a two-letter code, else the default.
 * A value that names no language is passed over, never an error: the email goes out as written.
 */
public final class CustomerLocale {

    /** Attribute names, as identify traits, CRM fields and imports write them. */
    public static final String LOCALE = "locale";
    public static final String LANGUAGE = "language";
    public static final String COUNTRY = "country";

    private static final Pattern TAG = Pattern.compile("[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8}){0,4}");
    private static final Pattern COUNTRY_CODE = Pattern.compile("[A-Za-z]{2}");
    /** Language names in English and in the language itself, lower case, to ISO 639 codes. */
    private static final Map<String, String> LANGUAGE_NAMES = languageNames();

    private CustomerLocale() {
    }

    /**
     * The customer's locale from their attributes (names as above; {@code country} may also be given apart, as
     * the decision facts carry it), else {@code fallback}.
     */
    public static Locale of(Map<String, ?> attributes, String country, Locale fallback) {
        Locale fromTag = tag(text(attributes.get(LOCALE)));
        if (fromTag != null) {
            return fromTag;
        }
        String languageValue = text(attributes.get(LANGUAGE));
        Locale language = tag(languageValue);
        if (language != null && !language.getCountry().isEmpty()) {
            return language;
        }
        String code = language != null ? language.getLanguage()
                : languageValue == null ? null : LANGUAGE_NAMES.get(languageValue.toLowerCase(Locale.ROOT));
        if (code == null) {
            return fallback;
        }
        String region = country != null && !country.isBlank() ? country.strip() : text(attributes.get(COUNTRY));
        return region != null && COUNTRY_CODE.matcher(region).matches()
                ? new Locale(code, region.toUpperCase(Locale.ROOT)) : new Locale(code);
    }

    /**
     * True for a well-formed language tag written as Java writes it ({@code de-AT}, not {@code de-at} or
     * {@code de_AT}): how translations and translated labels are named.
     */
    public static boolean isCanonicalTag(String tag) {
        return tag != null && TAG.matcher(tag).matches() && !tag.contains("_")
                && Locale.forLanguageTag(tag).toLanguageTag().equals(tag);
    }

    /** Reads the customer's locale attributes (one query) for emails queued outside a decision's facts. */
    public static Locale read(EntityManager em, String customerId, Locale fallback) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select name, text_value from customer_attribute"
                        + " where customer_id = ?1 and name in ('" + LOCALE + "', '" + LANGUAGE + "', '" + COUNTRY + "')")
                .setParameter(1, customerId).getResultList();
        Map<String, Object> attributes = new HashMap<>();
        for (Object[] row : rows) {
            attributes.put((String) row[0], row[1]);
        }
        return of(attributes, null, fallback);
    }

    private static Locale tag(String value) {
        if (value == null || !TAG.matcher(value).matches()) {
            return null;
        }
        Locale locale = Locale.forLanguageTag(value.replace('_', '-'));
        return locale.getLanguage().isEmpty() ? null : locale;
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString().strip();
    }

    private static Map<String, String> languageNames() {
        Map<String, String> names = new HashMap<>();
        for (String code : Locale.getISOLanguages()) {
            Locale language = new Locale(code);
            names.putIfAbsent(language.getDisplayLanguage(Locale.ENGLISH).toLowerCase(Locale.ROOT), code);
            names.putIfAbsent(language.getDisplayLanguage(language).toLowerCase(language), code);
        }
        return Map.copyOf(names);
    }
}
