package dev.herald.routes;

/** Text put into HTML that Herald writes by hand (pages outside the console's templates, SVG charts). */
public final class Html {

    private Html() {
    }

    /** {@code s} with the five characters that could change the markup's meaning escaped; null gives "". */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
