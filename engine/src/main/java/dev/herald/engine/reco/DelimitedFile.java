package dev.herald.engine.reco;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
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
            if (delimiter == '\t') {
                readTabSeparated(file, new BufferedReader(reader, 1 << 16), columns, optionalFrom, rows);
                return;
            }
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

    /**
     * Tab-separated files without the general CSV machinery: one line is one row, split at tabs, and only the
     * requested fields become strings. About three times faster than commons-csv on the Online Retail files,
     * which matters for one-off commands. A line with a double quote is parsed as CSV (quotes may protect
     * tabs); a quoted field may not span lines in a .tsv file.
     */
    private static void readTabSeparated(Path file, BufferedReader reader, String[][] columns, int optionalFrom,
                                         Consumer<Row> rows) throws IOException {
        String headerLine = reader.readLine();
        if (headerLine == null) {
            throw new InteractionFileException(file, 0, "the file is empty (a header row is expected)");
        }
        List<String> header = fields(file, 1, headerLine);
        if (header.size() == 1 && header.get(0).contains(",")) {
            throw new InteractionFileException(file, 1, "the header has one column: is the delimiter right? (.tsv"
                    + " files are tab-separated, other files comma-separated)");
        }
        int[] positions = locate(file, 1, header, columns, optionalFrom);
        int width = header.size();
        int[] starts = new int[width + 1];
        long[] lineNumber = {1};
        String[] current = {null};
        List<String> quoted = new ArrayList<>();
        boolean[] isQuoted = {false};
        Row row = new Row() {
            @Override
            public long line() {
                return lineNumber[0];
            }

            @Override
            public String get(int column) {
                int at = positions[column];
                if (at < 0) {
                    return null;
                }
                return isQuoted[0] ? quoted.get(at).trim() : current[0].substring(starts[at], starts[at + 1] - 1).trim();
            }
        };
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber[0]++;
            if (line.indexOf('\t') < 0 && line.isBlank()) {
                continue;  // blank line
            }
            int found;
            if (line.indexOf('"') >= 0) {
                quoted.clear();
                quoted.addAll(fields(file, lineNumber[0], line));
                isQuoted[0] = true;
                found = quoted.size();
            } else {
                isQuoted[0] = false;
                found = 1;
                starts[0] = 0;
                int from = 0;
                int tab;
                while ((tab = line.indexOf('\t', from)) >= 0) {
                    if (found < width) {
                        starts[found] = tab + 1;
                    }
                    found++;
                    from = tab + 1;
                }
                if (found == width) {
                    starts[width] = line.length() + 1;
                }
            }
            if (found != width) {
                throw new InteractionFileException(file, lineNumber[0], "expected " + width
                        + " columns like the header, found " + found);
            }
            current[0] = line;
            rows.accept(row);
        }
    }

    /** The fields of one tab-separated line, honouring double quotes within the line. */
    private static List<String> fields(Path file, long line, String text) throws IOException {
        if (text.indexOf('"') < 0) {
            return List.of(text.split("\t", -1));
        }
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter('\t').setIgnoreSurroundingSpaces(true).get();
        try (CSVParser parser = CSVParser.parse(text, format)) {
            List<CSVRecord> records = parser.getRecords();
            if (records.size() != 1) {
                throw new InteractionFileException(file, line, "cannot parse: a quoted field spans lines");
            }
            List<String> values = new ArrayList<>();
            records.get(0).forEach(values::add);
            return values;
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new InteractionFileException(file, line, "cannot parse: " + rootMessage(e));
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
        List<String> names = new ArrayList<>();
        header.forEach(names::add);
        return locate(file, header.getRecordNumber(), names, columns, optionalFrom);
    }

    private static int[] locate(Path file, long line, List<String> header, String[][] columns, int optionalFrom) {
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
                throw new InteractionFileException(file, line, "no column "
                        + String.join(" or ", columns[c]) + " in the header " + names);
            }
        }
        return positions;
    }
}
