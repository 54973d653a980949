package dev.herald.engine.engagement;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes the character references an attribute value may hold ({@code &amp;}, {@code &#39;}, {@code &#x2F;}), the one
 * way every part of Herald reads a link from HTML: the send-time tracking rewrite stores the URL so decoded, and the
 * link checker and the click map must read it the same way to name the same link.
 */
public final class HtmlEntities {

    private static final Pattern ENTITY = Pattern.compile("&(#[xX][0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);");

    private HtmlEntities() {
    }

    /** {@code s} with its named (amp, lt, gt, quot, apos) and numeric references decoded; invalid ones kept as written. */
    public static String unescape(String s) {
        Matcher m = ENTITY.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        while (m.find()) {
            String e = m.group(1);
            String c = switch (e) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                default -> {
                    int code;
                    try {
                        code = e.startsWith("#x") || e.startsWith("#X") ? Integer.parseInt(e.substring(2), 16)
                                : Integer.parseInt(e.substring(1));
                    } catch (NumberFormatException tooLarge) {
                        code = -1;
                    }
                    yield Character.isValidCodePoint(code) ? new String(Character.toChars(code)) : m.group();
                }
            };
            m.appendReplacement(out, Matcher.quoteReplacement(c));
        }
        m.appendTail(out);
        return out.toString();
    }
}
