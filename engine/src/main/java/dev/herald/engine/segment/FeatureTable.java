package dev.herald.engine.segment;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Customers as rows of numeric features (what clustering measures) and categorical columns (what profiles
 * describe, e.g. channel and region), read from a CSV file with a header.
 *
 * @param features     names of the numeric features, in column order of {@code values}
 * @param values       one row per input row, in input order
 * @param categories   names of the categorical columns
 * @param categoryRows one row of category values (display names) per input row
 */
public record FeatureTable(List<String> features, double[][] values, List<String> categories,
                           List<List<String>> categoryRows) {

    /** Display names of the UCI Wholesale customers codes; other values are shown as they are. */
    static final Map<String, Map<String, String>> KNOWN_CODES = Map.of(
            "channel", Map.of("1", "Horeca", "2", "Retail"),
            "region", Map.of("1", "Lisbon", "2", "Oporto", "3", "Other region"));

    /**
     * Reads {@code file}.
     *
     * @param features   feature columns, or empty for every numeric column that is not a category
     * @param categories categorical columns; those missing from the file are ignored
     * @throws IllegalArgumentException naming file, line and column of a value that is not a number
     */
    public static FeatureTable read(Path file, List<String> features, List<String> categories) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                     .setIgnoreSurroundingSpaces(true).get().parse(reader)) {
            List<String> header = parser.getHeaderNames();
            List<CSVRecord> records = parser.getRecords();
            if (records.isEmpty()) {
                throw new IllegalArgumentException(file + ": no data rows");
            }
            List<String> cats = categories.stream().filter(header::contains).toList();
            List<String> feats = new ArrayList<>(features);
            if (feats.isEmpty()) {
                for (String h : header) {
                    if (!cats.contains(h) && isNumeric(records.get(0).get(h))) {
                        feats.add(h);
                    }
                }
            }
            for (String f : feats) {
                if (!header.contains(f)) {
                    throw new IllegalArgumentException(file + ":1: no column '" + f + "'; columns are " + header);
                }
            }
            if (feats.isEmpty()) {
                throw new IllegalArgumentException(file + ": no numeric feature columns");
            }
            double[][] values = new double[records.size()][feats.size()];
            List<List<String>> catRows = new ArrayList<>(records.size());
            for (int i = 0; i < records.size(); i++) {
                CSVRecord r = records.get(i);
                if (r.size() != header.size()) {
                    throw new IllegalArgumentException(file + ":" + (i + 2) + ": " + r.size() + " columns, header has "
                            + header.size());
                }
                for (int j = 0; j < feats.size(); j++) {
                    String text = r.get(feats.get(j));
                    try {
                        values[i][j] = Double.parseDouble(text);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(file + ":" + (i + 2) + ": column " + feats.get(j) + ": '"
                                + text + "' is not a number");
                    }
                    if (!Double.isFinite(values[i][j])) {
                        throw new IllegalArgumentException(file + ":" + (i + 2) + ": column " + feats.get(j)
                                + ": '" + text + "' is not finite");
                    }
                }
                List<String> row = new ArrayList<>(cats.size());
                for (String c : cats) {
                    String raw = r.get(c);
                    row.add(KNOWN_CODES.getOrDefault(c.toLowerCase(Locale.ROOT), Map.of()).getOrDefault(raw, raw));
                }
                catRows.add(row);
            }
            return new FeatureTable(List.copyOf(feats), values, cats, catRows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isNumeric(String text) {
        try {
            Double.parseDouble(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
