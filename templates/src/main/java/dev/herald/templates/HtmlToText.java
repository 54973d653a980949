package dev.herald.templates;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives the plain-text part of an email from its rendered HTML, so a template needs no hand-written text
 * version: tags are dropped, links keep their target as {@code text (url)}, entities are decoded, paragraphs,
 * headings and {@code <br>} become line breaks, list items become {@code - item} lines and table cells are
 * separated by {@code " | "}. The hidden inbox preheader ({@code <div data-preheader>}) and elements marked
 * {@code data-no-text} (such as product images) are dropped: the text part carries the message itself.
 */
final class HtmlToText {

    private static final Pattern DROPPED = Pattern.compile(
            "(?is)<!--.*?-->|<!\\[CDATA\\[.*?]]>|<![^>]*>|<\\?[^>]*>"
                    + "|<(head|style|script|title|template)\\b[^>]*>.*?</\\1\\s*>"
                    + "|<(div|td|span)\\s[^>]*\\bdata-(?:preheader|no-text)\\b[^>]*>.*?</\\2\\s*>");
    private static final Pattern TAG = Pattern.compile(
            "<(/?)([A-Za-z][A-Za-z0-9]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>");
    private static final Pattern HREF = Pattern.compile(
            "(?i)(?:^|\\s)href\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+))");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});");
    private static final Pattern HTML_WHITESPACE = Pattern.compile("[ \\t\\n\\f\\r]+");
    private static final Pattern SPACES = Pattern.compile(" {2,}");
    private static final Pattern CELL_SEPARATORS = Pattern.compile(" *\\t[\\t ]*");
    private static final Pattern BLANK_LINES = Pattern.compile("\n{3,}");
    private static final char CELL = '\t';

    /** Latin-1 entity names in code point order, from U+00A0 ({@code nbsp}) to U+00FF ({@code yuml}). */
    private static final String LATIN1_NAMES = "nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not"
            + " shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34"
            + " iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc"
            + " Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN"
            + " szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc"
            + " iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml";

    private static final Map<String, String> NAMED = namedEntities();

    private HtmlToText() {
    }

    /** Converts rendered HTML to readable plain text ending with one newline (empty input gives ""). */
    static String convert(String html) {
        String source = DROPPED.matcher(html).replaceAll(" ");
        source = HTML_WHITESPACE.matcher(source).replaceAll(" ");

        StringBuilder out = new StringBuilder(source.length());
        String href = null;
        int anchorStart = -1;
        Matcher tag = TAG.matcher(source);
        int last = 0;
        while (tag.find()) {
            out.append(decode(source.substring(last, tag.start())));
            last = tag.end();
            boolean closing = !tag.group(1).isEmpty();
            String name = tag.group(2).toLowerCase(Locale.ROOT);
            switch (name) {
                case "br" -> out.append('\n');
                case "p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "blockquote", "pre", "hr" ->
                        endLine(out, 2);
                case "div", "tr", "section", "article", "header", "footer", "center", "dl", "dt", "dd",
                     "thead", "tbody", "tfoot", "caption" -> endLine(out, 1);
                case "li" -> {
                    endLine(out, 1);
                    if (!closing) {
                        out.append("- ");
                    }
                }
                case "td", "th" -> {
                    if (!closing) {
                        out.append(CELL);
                    }
                }
                case "a" -> {
                    if (!closing) {
                        href = hrefOf(tag.group(3));
                        anchorStart = out.length();
                    } else if (anchorStart >= 0) {
                        appendLinkTarget(out, out.substring(Math.min(anchorStart, out.length())).strip(), href);
                        href = null;
                        anchorStart = -1;
                    }
                }
                default -> {
                    // inline or unknown tag: dropped, its content stays
                }
            }
        }
        out.append(decode(source.substring(last)));
        return tidy(out.toString(), true);
    }

    /**
     * Ends the current line so that at least {@code newlines} line breaks follow the last text: block
     * boundaries next to each other (such as {@code </li> <li>}) share their breaks instead of adding blank
     * lines, while {@code <br>} (appended directly) always breaks.
     */
    private static void endLine(StringBuilder out, int newlines) {
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == ' ') {
            end--;
        }
        out.setLength(end);
        if (end == 0) {
            return;
        }
        int present = 0;
        while (present < end && out.charAt(end - 1 - present) == '\n') {
            present++;
        }
        for (int i = present; i < newlines; i++) {
            out.append('\n');
        }
    }

    /** Normalises a hand-written text part: no trailing spaces, at most one blank line in a row, one final newline. */
    static String tidyPlainText(String text) {
        return tidy(text.replace("\r\n", "\n").replace('\r', '\n'), false);
    }

    private static String tidy(String text, boolean fromHtml) {
        StringBuilder out = new StringBuilder(text.length());
        for (String line : text.split("\n", -1)) {
            String cleaned = fromHtml
                    ? CELL_SEPARATORS.matcher(strip(SPACES.matcher(line).replaceAll(" "))).replaceAll(" | ")
                    : line.stripTrailing();
            out.append(cleaned).append('\n');
        }
        // drop leading blank lines but keep the indentation of the first text line
        String result = BLANK_LINES.matcher(out).replaceAll("\n\n").replaceFirst("^\n+", "").stripTrailing();
        return result.isEmpty() ? "" : result + "\n";
    }

    /** Strips spaces and cell separators at both ends of a line. */
    private static String strip(String line) {
        int start = 0;
        int end = line.length();
        while (start < end && (line.charAt(start) == ' ' || line.charAt(start) == CELL)) {
            start++;
        }
        while (end > start && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == CELL)) {
            end--;
        }
        return line.substring(start, end);
    }

    private static void appendLinkTarget(StringBuilder out, String linkText, String href) {
        if (href == null || href.isBlank() || href.startsWith("#")) {
            return;
        }
        String target = href.strip();
        String shown = target.regionMatches(true, 0, "mailto:", 0, 7) ? target.substring(7) : target;
        if (linkText.isEmpty()) {
            out.append(shown);
        } else if (!linkText.equals(target) && !linkText.equals(shown)) {
            out.append(" (").append(shown).append(')');
        }
    }

    private static String hrefOf(String attributes) {
        Matcher m = HREF.matcher(attributes);
        if (!m.find()) {
            return null;
        }
        String raw = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
        return decode(raw).strip();
    }

    private static Map<String, String> namedEntities() {
        Map<String, String> named = new HashMap<>();
        String[] latin1 = LATIN1_NAMES.split(" ");
        for (int i = 0; i < latin1.length; i++) {
            named.put(latin1[i], String.valueOf((char) (0xA0 + i)));
        }
        named.put("nbsp", " "); // plain text has no use for non-breaking spaces
        named.put("shy", "");
        String[][] others = {
            {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"},
            {"trade", "\u2122"}, {"hellip", "\u2026"}, {"mdash", "\u2014"}, {"ndash", "\u2013"},
            {"lsquo", "\u2018"}, {"rsquo", "\u2019"}, {"sbquo", "\u201A"}, {"ldquo", "\u201C"},
            {"rdquo", "\u201D"}, {"bdquo", "\u201E"}, {"bull", "\u2022"}, {"euro", "\u20AC"},
            {"dagger", "\u2020"}, {"Dagger", "\u2021"}, {"permil", "\u2030"}, {"lsaquo", "\u2039"},
            {"rsaquo", "\u203A"}, {"OElig", "\u0152"}, {"oelig", "\u0153"}, {"Scaron", "\u0160"},
            {"scaron", "\u0161"}, {"Yuml", "\u0178"}, {"ensp", " "}, {"emsp", " "}, {"thinsp", " "},
            {"zwnj", ""}, {"zwj", ""}, {"larr", "\u2190"}, {"rarr", "\u2192"}, {"check", "\u2713"},
        };
        for (String[] entry : others) {
            named.put(entry[0], entry[1]);
        }
        return Map.copyOf(named);
    }

    /** Decodes numeric and common named character references; unknown names are left as they are. */
    static String decode(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        Matcher m = ENTITY.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String entity = m.group(1);
            String replacement;
            if (entity.charAt(0) == '#') {
                boolean hex = entity.length() > 1 && (entity.charAt(1) == 'x' || entity.charAt(1) == 'X');
                int codePoint = Integer.parseInt(entity.substring(hex ? 2 : 1), hex ? 16 : 10);
                replacement = codePoint <= 0 || !Character.isValidCodePoint(codePoint)
                        || (codePoint >= 0xD800 && codePoint <= 0xDFFF)
                        ? "\uFFFD" : new String(Character.toChars(codePoint));
            } else {
                replacement = NAMED.getOrDefault(entity, m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
