package dev.herald.templates;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where translations live and which one a reader gets. A template is translated in
 * {@code <key>/locales/<tag>/}, a variant in {@code <key>/variants/<name>/locales/<tag>/} and a shared layout or
 * partial in {@code _<folder>/locales/<tag>/}, each {@code <tag>} a BCP 47 language tag in its canonical form
 * ({@code de}, {@code de-AT}, {@code pt-BR}). A reader whose locale is {@code de-AT} gets the {@code de-AT}
 * translation, else the {@code de} one, else the template as written: the most specific tag first, then ever
 * shorter ones ({@link #chain}).
 */
public final class Translations {

    /** The folder under a template, variant or shared folder that holds its translations. */
    public static final String FOLDER = "locales";
    /** A tag as a path segment (checked further by {@link #isCanonicalTag}). */
    static final String TAG_SEGMENT = "[a-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,4}";
    private static final Pattern TAG = Pattern.compile(TAG_SEGMENT);

    private Translations() {
    }

    /** True for a well-formed tag written as Java writes it ({@code de-AT}, not {@code de-at} or {@code de_AT}). */
    public static boolean isCanonicalTag(String tag) {
        return tag != null && TAG.matcher(tag).matches()
                && dev.herald.engine.application.CustomerLocale.isCanonicalTag(tag);
    }

    /** The canonical form of a tag, or of a Java locale name with underscores ({@code de_AT} → {@code de-AT}). */
    public static String canonical(String tag) {
        return Locale.forLanguageTag(tag.strip().replace('_', '-')).toLanguageTag();
    }

    /**
     * The translations to try for a reader's locale, most specific first: {@code de-AT} → {@code [de-AT, de]}.
     * Empty for a missing or undetermined locale.
     */
    public static List<String> chain(String localeTag) {
        if (localeTag == null || localeTag.isBlank()) {
            return List.of();
        }
        String tag = canonical(localeTag);
        if (tag.equals("und")) {
            return List.of();
        }
        List<String> chain = new ArrayList<>();
        for (String t = tag; !t.isEmpty(); t = t.contains("-") ? t.substring(0, t.lastIndexOf('-')) : "") {
            chain.add(t);
        }
        return chain;
    }

    /** {@code _layout/html.mustache} translated: {@code _layout/locales/de/html.mustache}. */
    static String sharedPath(String sharedFile, String tag) {
        int slash = sharedFile.indexOf('/');
        return sharedFile.substring(0, slash) + "/" + FOLDER + "/" + tag + sharedFile.substring(slash);
    }
}
