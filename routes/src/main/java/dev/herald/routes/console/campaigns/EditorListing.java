package dev.herald.routes.console.campaigns;

import dev.herald.rules.RuleError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The editor's view of a campaign file and its validation errors: the line-number gutter (error lines marked), the
 * list of errors at the top (each linking to its line), and the source listing with every message under the line
 * it is about. Errors of other files (e.g. a global cap the edit now exceeds) and errors without a line are listed
 * apart.
 */
final class EditorListing {

    private EditorListing() {
    }

    /** The Mustache model: {@code gutter}, {@code rows}, {@code lineErrors}, {@code otherErrors}, {@code hasErrors}. */
    static Map<String, Object> model(String file, String text, List<RuleError> errors) {
        String[] lines = text.split("\r?\n", -1);
        int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
        count = Math.max(count, 1);
        Map<Integer, List<String>> byLine = new LinkedHashMap<>();
        List<Map<String, Object>> lineErrors = new ArrayList<>();
        List<String> otherErrors = new ArrayList<>();
        for (RuleError error : errors) {
            if (file.equals(error.file()) && error.line() > 0 && error.line() <= count) {
                byLine.computeIfAbsent(error.line(), l -> new ArrayList<>()).add(error.message());
                lineErrors.add(Map.of("line", error.line(), "message", error.message()));
            } else if (file.equals(error.file())) {
                otherErrors.add(error.message());
            } else {
                otherErrors.add(error.toString());
            }
        }
        lineErrors.sort((a, b) -> Integer.compare((Integer) a.get("line"), (Integer) b.get("line")));
        List<Map<String, Object>> gutter = new ArrayList<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            List<String> messages = byLine.getOrDefault(n, List.of());
            Map<String, Object> number = new LinkedHashMap<>();
            number.put("n", n);
            number.put("bad", !messages.isEmpty());
            gutter.add(number);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("n", n);
            row.put("text", n - 1 < lines.length ? lines[n - 1] : "");
            row.put("bad", !messages.isEmpty());
            row.put("messages", messages);
            rows.add(row);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("gutter", gutter);
        model.put("rows", rows);
        model.put("lineCount", count);
        model.put("textareaRows", count + 2);
        model.put("lineErrors", lineErrors);
        model.put("otherErrors", otherErrors);
        model.put("hasErrors", !errors.isEmpty());
        model.put("errorCount", errors.size());
        return model;
    }
}
