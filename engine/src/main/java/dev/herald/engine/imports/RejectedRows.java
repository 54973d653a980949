package dev.herald.engine.imports;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where skipped rows go, so nothing of the input is lost: each with its line number and reason, followed by
 * the original columns. {@link #NONE} discards them (they are still counted).
 */
public interface RejectedRows extends AutoCloseable {

    void reject(long line, SkipReason reason, String detail, List<String> originalColumns);

    @Override
    void close();

    RejectedRows NONE = new RejectedRows() {
        @Override
        public void reject(long line, SkipReason reason, String detail, List<String> originalColumns) {
        }

        @Override
        public void close() {
        }
    };

    /** Writes rejected rows as CSV: line, reason, detail, then the file's own header and columns. */
    static RejectedRows toCsv(Path file, List<String> originalHeader) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            List<String> header = new ArrayList<>(List.of("line", "reason", "detail"));
            header.addAll(originalHeader);
            CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                    .setHeader(header.toArray(String[]::new)).get());
            return new RejectedRows() {
                @Override
                public void reject(long line, SkipReason reason, String detail, List<String> originalColumns) {
                    try {
                        List<Object> row = new ArrayList<>(List.of(line, reason.name(), detail));
                        row.addAll(originalColumns);
                        printer.printRecord(row);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write rejected rows to " + file, e);
                    }
                }

                @Override
                public void close() {
                    try {
                        printer.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot close " + file, e);
                    }
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
    }
}
