package dev.herald.templates;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The inside of a Mustache tag with Liquid-style filters: {@code customer.firstName | default: "there"},
 * {@code order.placedAt | date: "long"}. Marketers know this filter syntax from Liquid; the filters are a
 * closed, developer-owned set that only transform strings, so templates still cannot run code.
 *
 * <ul>
 *   <li>{@code default: "text"} — the text when the value is missing, false, blank or an empty list</li>
 *   <li>{@code date} / {@code date: "short|medium|long|full"} — an ISO-8601 date or instant (UTC) formatted
 *       for the model's {@code locale} (default medium); other values are left as they are</li>
 *   <li>{@code first} — the first element of a list (nothing when empty), so
 *       {@code {{#recommendations | first}}heading{{/recommendations | first}}} shows a heading once</li>
 *   <li>{@code upcase}, {@code downcase}, {@code capitalize} — case changes in the model's locale</li>
 * </ul>
 */
public record TemplateExpression(String variable, List<Filter> filters) {

    /** The filters a template may use. */
    public static final Set<String> FILTERS = Set.of("default", "date", "upcase", "downcase", "capitalize", "first");
    private static final Set<String> DATE_STYLES = Set.of("short", "medium", "long", "full");

    /** One filter application; {@code argument} is null when none was written. */
    public record Filter(String name, String argument) {
    }

    /** Thrown for a malformed expression, an unknown filter or a bad argument. */
    public static final class InvalidExpressionException extends IllegalArgumentException {
        public InvalidExpressionException(String message) {
            super(message);
        }
    }

    /** True when the tag text uses filters (so plain names keep mustache.java's fast path). */
    static boolean hasFilters(String tag) {
        return tag.indexOf('|') >= 0;
    }

    /**
     * Parses and checks a tag's text.
     *
     * @throws InvalidExpressionException with a reason naming the filter or argument at fault
     */
    public static TemplateExpression parse(String tag) {
        List<String> parts = splitOutsideQuotes(tag.strip());
        String variable = parts.get(0).strip();
        if (variable.isEmpty()) {
            throw new InvalidExpressionException("missing variable name before '|'");
        }
        List<Filter> filters = new ArrayList<>();
        for (String part : parts.subList(1, parts.size())) {
            filters.add(parseFilter(part.strip()));
        }
        return new TemplateExpression(variable, List.copyOf(filters));
    }

    private static Filter parseFilter(String text) {
        int colon = text.indexOf(':');
        String name = (colon < 0 ? text : text.substring(0, colon)).strip();
        String argument = null;
        if (colon >= 0) {
            String raw = text.substring(colon + 1).strip();
            if (raw.length() < 2 || !(raw.startsWith("\"") && raw.endsWith("\"") || raw.startsWith("'") && raw.endsWith("'"))) {
                throw new InvalidExpressionException("argument of filter '" + name + "' must be a quoted string, got "
                        + (raw.isEmpty() ? "nothing" : raw));
            }
            argument = raw.substring(1, raw.length() - 1);
        }
        if (name.isEmpty()) {
            throw new InvalidExpressionException("empty filter after '|'");
        }
        if (!FILTERS.contains(name)) {
            throw new InvalidExpressionException("unknown filter '" + name + "' (known: "
                    + String.join(", ", FILTERS.stream().sorted().toList()) + ")");
        }
        switch (name) {
            case "default" -> {
                if (argument == null) {
                    throw new InvalidExpressionException("filter 'default' needs a value, e.g. default: \"there\"");
                }
            }
            case "date" -> {
                if (argument != null && !DATE_STYLES.contains(argument)) {
                    throw new InvalidExpressionException("filter 'date' takes \"short\", \"medium\", \"long\" or \"full\", got \""
                            + argument + "\"");
                }
            }
            default -> {
                if (argument != null) {
                    throw new InvalidExpressionException("filter '" + name + "' takes no argument");
                }
            }
        }
        return new Filter(name, argument);
    }

    private static List<String> splitOutsideQuotes(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '|') {
                parts.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        if (quote != 0) {
            throw new InvalidExpressionException("unterminated quoted string");
        }
        parts.add(current.toString());
        return parts;
    }

    /** Applies the filters in order to a looked-up value (null when missing). */
    public Object apply(Object value, Locale locale) {
        Object current = value;
        for (Filter f : filters) {
            current = switch (f.name()) {
                case "default" -> isEmpty(current) ? f.argument() : current;
                case "date" -> current == null ? null : formatDate(current.toString(), f.argument(), locale);
                case "first" -> current instanceof List<?> list ? (list.isEmpty() ? null : list.get(0)) : current;
                case "upcase" -> current == null ? null : current.toString().toUpperCase(locale);
                case "downcase" -> current == null ? null : current.toString().toLowerCase(locale);
                case "capitalize" -> current == null ? null : capitalize(current.toString(), locale);
                default -> throw new IllegalStateException("filter " + f.name());
            };
        }
        return current;
    }

    private static boolean isEmpty(Object value) {
        return value == null || Boolean.FALSE.equals(value)
                || value instanceof CharSequence s && s.toString().isBlank()
                || value instanceof Collection<?> c && c.isEmpty()
                || value instanceof Map<?, ?> m && m.isEmpty();
    }

    private static String capitalize(String s, Locale locale) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(locale) + s.substring(1);
    }

    /** Formats an ISO-8601 date, offset date-time or instant (in UTC); anything else is returned unchanged. */
    static String formatDate(String text, String style, Locale locale) {
        FormatStyle formatStyle = FormatStyle.valueOf((style == null ? "medium" : style).toUpperCase(Locale.ROOT));
        DateTimeFormatter formatter = DateTimeFormatter.ofLocalizedDate(formatStyle).withLocale(locale);
        String s = text.strip();
        try {
            return formatter.format(LocalDate.parse(s));
        } catch (DateTimeParseException notADate) {
            // try the richer forms
        }
        try {
            return formatter.format(OffsetDateTime.parse(s).toLocalDate());
        } catch (DateTimeParseException notAnOffsetDateTime) {
            // try an instant
        }
        try {
            return formatter.format(Instant.parse(s).atZone(ZoneOffset.UTC).toLocalDate());
        } catch (DateTimeParseException notAnInstant) {
            return text;
        }
    }
}
