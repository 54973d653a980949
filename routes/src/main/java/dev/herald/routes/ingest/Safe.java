package dev.herald.routes.ingest;

/** Makes sender-supplied text safe to quote in a reason or a log line: no control characters, bounded length. */
final class Safe {

    private Safe() {
    }

    /** {@code value} with control characters shown as backslash-u escapes and cut to {@code max} characters. */
    static String text(String value, int max) {
        if (value == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(value.length(), max) + 8);
        for (int i = 0; i < value.length() && b.length() < max; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (b.length() >= max && value.length() > max) {
            b.append("…");
        }
        return b.toString();
    }

    /** A sender-supplied value in single quotes, safe for a reason. */
    static String quote(String value) {
        return "'" + text(value, 80) + "'";
    }
}
