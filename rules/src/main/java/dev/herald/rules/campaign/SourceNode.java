package dev.herald.rules.campaign;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A campaign definition as read from its file, before any checking: maps, lists and text scalars, each with
 * where it came from. YAML files and spreadsheet rows both become this tree, so one binder checks both formats
 * and reports errors in the author's terms (file and line, or file, row and column).
 */
final class SourceNode {

    enum Kind { MAP, LIST, SCALAR }

    private final Kind kind;
    private final String file;
    private final int line;
    private final String column;
    private final Map<String, SourceNode> entries;
    private final List<SourceNode> items;
    private final String text;

    private SourceNode(Kind kind, String file, int line, String column, Map<String, SourceNode> entries,
                       List<SourceNode> items, String text) {
        this.kind = kind;
        this.file = file;
        this.line = line;
        this.column = column;
        this.entries = entries;
        this.items = items;
        this.text = text;
    }

    static SourceNode map(String file, int line, String column, LinkedHashMap<String, SourceNode> entries) {
        return new SourceNode(Kind.MAP, file, line, column, Collections.unmodifiableMap(entries), List.of(), null);
    }

    static SourceNode list(String file, int line, String column, List<SourceNode> items) {
        return new SourceNode(Kind.LIST, file, line, column, Map.of(), List.copyOf(items), null);
    }

    /** A scalar; {@code text} is {@code null} for an explicit YAML null or an empty cell. */
    static SourceNode scalar(String file, int line, String column, String text) {
        return new SourceNode(Kind.SCALAR, file, line, column, Map.of(), List.of(), text);
    }

    Kind kind() {
        return kind;
    }

    String file() {
        return file;
    }

    /** 1-based line (YAML) or row's line (spreadsheet). */
    int line() {
        return line;
    }

    /** Where in a spreadsheet this value came from ("column 'priority'", "sheet 'S', cell C3..."); {@code null} for YAML. */
    String column() {
        return column;
    }

    Map<String, SourceNode> entries() {
        return entries;
    }

    List<SourceNode> items() {
        return items;
    }

    String text() {
        return text;
    }

    boolean isNull() {
        return kind == Kind.SCALAR && (text == null || text.isBlank());
    }

    String describeKind() {
        return switch (kind) {
            case MAP -> "a mapping (key: value pairs)";
            case LIST -> "a list";
            case SCALAR -> "a single value";
        };
    }
}
