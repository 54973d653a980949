package dev.herald.rules.campaign;

import dev.herald.rules.RuleError;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a decision table: one campaign per row, one column per field, named by the field's path in the YAML
 * format ({@code trigger.event}, {@code audience.segments}, {@code frequencyCap.max}...). List columns hold
 * values separated by {@code ;}; {@code variants} holds {@code name:template:weight} items. Empty cells are
 * left out. Each row becomes the same tree a YAML file does, located by the row's line and the column name.
 */
final class CsvCampaignReader {

    static final Set<String> LIST_COLUMNS = Set.of("trigger.conditions", "audience.segments", "audience.notSegments",
            "audience.country", "audience.conditions");
    static final String VARIANTS = "variants";

    private CsvCampaignReader() {
    }

    /** One tree per data row, in row order. */
    static List<SourceNode> read(String file, String text, List<RuleError> errors) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setTrim(true).setCommentMarker('#').get();
        List<SourceNode> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            List<String> header = parser.getHeaderNames();
            for (String column : header) {
                if (column.isBlank()) {
                    errors.add(new RuleError(file, 1, "the header has an empty column name"));
                    return List.of();
                }
            }
            for (CSVRecord record : parser) {
                int line = (int) record.getParser().getCurrentLineNumber();
                if (!record.isConsistent()) {
                    errors.add(new RuleError(file, line, "row has " + record.size() + " cells, the header "
                            + header.size() + ": a missing or extra separator?"));
                    continue;
                }
                rows.add(row(file, line, header, record.toList(), index -> "column '" + header.get(index) + "'"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            errors.add(new RuleError(file, 0, "unreadable CSV: " + e.getMessage()));
        }
        return rows;
    }

    /**
     * One row as a campaign tree; shared with the XLSX reader.
     *
     * @param place how to name the cell at a column index in messages
     */
    static SourceNode row(String file, int line, List<String> header, List<String> cells,
                          java.util.function.IntFunction<String> place) {
        LinkedHashMap<String, Object> tree = new LinkedHashMap<>();
        for (int index = 0; index < header.size(); index++) {
            String column = header.get(index).strip();
            String cell = index < cells.size() ? cells.get(index) : null;
            if (cell == null || cell.isBlank()) {
                continue;
            }
            String where = place.apply(index);
            SourceNode value;
            if (LIST_COLUMNS.contains(column)) {
                value = SourceNode.list(file, line, where, split(cell).stream()
                        .map(item -> SourceNode.scalar(file, line, where, item)).toList());
            } else if (column.equals(VARIANTS)) {
                List<SourceNode> variants = new ArrayList<>();
                for (String item : split(cell)) {
                    String[] parts = item.split(":", -1);
                    LinkedHashMap<String, SourceNode> variant = new LinkedHashMap<>();
                    String[] names = {"name", "template", "weight"};
                    for (int i = 0; i < parts.length; i++) {
                        variant.put(i < names.length ? names[i] : "part" + (i + 1),
                                SourceNode.scalar(file, line, where, parts[i].strip()));
                    }
                    variants.add(SourceNode.map(file, line, where, variant));
                }
                value = SourceNode.list(file, line, where, variants);
            } else {
                value = SourceNode.scalar(file, line, where, cell.strip());
            }
            put(tree, column.split("\\.", -1), 0, value);
        }
        return toNode(file, line, tree);
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> tree, String[] path, int index, SourceNode value) {
        if (index == path.length - 1) {
            tree.put(path[index], value);
            return;
        }
        Object child = tree.computeIfAbsent(path[index], key -> new LinkedHashMap<String, Object>());
        if (child instanceof Map<?, ?> map) {
            put((Map<String, Object>) map, path, index + 1, value);
        }
    }

    @SuppressWarnings("unchecked")
    private static SourceNode toNode(String file, int line, Map<String, Object> tree) {
        LinkedHashMap<String, SourceNode> entries = new LinkedHashMap<>();
        tree.forEach((key, value) -> entries.put(key, value instanceof SourceNode node ? node
                : toNode(file, line, (Map<String, Object>) value)));
        return SourceNode.map(file, line, null, entries);
    }

    private static List<String> split(String cell) {
        List<String> items = new ArrayList<>();
        for (String item : cell.split(";")) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return items;
    }
}
