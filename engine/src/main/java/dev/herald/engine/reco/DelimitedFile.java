package dev.herald.engine.reco;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads a CSV or TSV file with a header row (gzip allowed), finds columns by any of several accepted names and
 * hands each row to a consumer; every problem is reported with the file, the line and what is wrong.
 */
final class DelimitedFile {

    /** One data row, with access to its columns by the positions found in the header. */
    interface Row {
        long line();

        /** Value of the k-th requested column (trimmed), or null when that optional column is absent. */
        String get(int column);
    }

    private DelimitedFile() {
    }

    /**
     * Reads {@code file}; {@code columns[k]} lists the accepted header names of column k (case-insensitive);
     * columns at index ≥ {@code optionalFrom} may be absent.
     */
    static void read(Path file, String[][] columns, int optionalFrom, Consumer<Row> rows) {
        if (!Files.isRegularFile(file)) {
            throw new InteractionFileException(file, 0, Files.exists(file) ? "not a regular file" : "no such file");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int b1 = raw.read();
            int b2 = raw.read();
            raw.reset();
            InputStream in = (b1 == 0x1f && b2 == 0x8b) ? new GZIPInputStream(raw, 1 << 16) : raw;
            InputStreamReader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
            char delimiter = guessDelimiter(file);
            CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreSurroundingSpaces(true)
                    .setIgnoreEmptyLines(false).get();  // record number = line number
            try (CSVParser parser = CSVParser.parse(reader, format)) {
                var iterator = parser.iterator();
                if (!iterator.hasNext()) {
                    throw new InteractionFileException(file, 0, "the file is empty (a header row is expected)");
                }
                CSVRecord header = iterator.next();
                if (header.size() == 1 && delimiter == '\t' && header.get(0).contains(",")
                        || header.size() == 1 && delimiter == ',' && header.get(0).contains("\t")) {
                    throw new InteractionFileException(file, header.getRecordNumber(),
                            "the header has one column: is the delimiter right? (.tsv files are tab-separated,"
                                    + " other files comma-separated)");
                }
                int[] positions = locate(file, header, columns, optionalFrom);
                int width = header.size();
                while (true) {
                    CSVRecord record;
                    try {
                        if (!iterator.hasNext()) {
                            break;
                        }
                        record = iterator.next();
                    } catch (UncheckedIOException | IllegalStateException e) {
                        throw new InteractionFileException(file, parser.getRecordNumber() + 1,
                                "cannot parse: " + rootMessage(e));
                    }
                    long physicalLine = record.getRecordNumber();
                    if (record.size() == 1 && record.get(0).isBlank()) {
                        continue;  // blank line
                    }
                    if (record.size() != width) {
                        throw new InteractionFileException(file, physicalLine, "expected " + width
                                + " columns like the header, found " + record.size());
                    }
                    rows.accept(new Row() {
                        @Override
                        public long line() {
                            return physicalLine;
                        }

                        @Override
                        public String get(int column) {
                            return positions[column] < 0 ? null : record.get(positions[column]).trim();
                        }
                    });
                }
            }
        } catch (NoSuchFileException e) {
            throw new InteractionFileException(file, 0, "no such file");
        } catch (java.util.zip.ZipException e) {
            throw new InteractionFileException(file, 0, "broken gzip data: " + e.getMessage());
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InteractionFileException(file, 0, "not UTF-8 text");
        } catch (IOException e) {
            throw new InteractionFileException(file, 0, "cannot read: " + e.getMessage());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static char guessDelimiter(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        return name.endsWith(".csv") ? ',' : '\t';
    }

    private static int[] locate(Path file, CSVRecord header, String[][] columns, int optionalFrom) {
        int[] positions = new int[columns.length];
        List<String> names = new ArrayList<>();
        header.forEach(h -> names.add(h.trim().toLowerCase(Locale.ROOT).replace("\uFEFF", "")));
        for (int c = 0; c < columns.length; c++) {
            positions[c] = -1;
            for (String accepted : columns[c]) {
                int at = names.indexOf(accepted.toLowerCase(Locale.ROOT));
                if (at >= 0) {
                    positions[c] = at;
                    break;
                }
            }
            if (positions[c] < 0 && c < optionalFrom) {
                throw new InteractionFileException(file, header.getRecordNumber(), "no column "
                        + String.join(" or ", columns[c]) + " in the header " + names);
            }
        }
        return positions;
    }
}
