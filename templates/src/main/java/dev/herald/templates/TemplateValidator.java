package dev.herald.templates;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks a folder of email templates before any of them is used, so a typo fails in review or CI and not as a
 * blank greeting in 40,000 inboxes. Mustache itself renders an unknown name as nothing; this validator
 * reports, each with file and line:
 *
 * <ul>
 *   <li>a variable or section name that is not in {@link ModelSchema} (resolved the way Mustache resolves
 *       names: inside {@code {{#order.items}}} the item's fields come first, then the outer names);</li>
 *   <li>an unknown filter or a bad filter argument ({@link TemplateExpression});</li>
 *   <li>unescaped output ({@code {{{x}}}}, {@code {{&x}}}) and delimiter changes, which are not allowed;</li>
 *   <li>unclosed or mismatched sections, and partials or layouts that do not exist;</li>
 *   <li>a template folder without {@code subject} or {@code html}, and unknown part files.</li>
 * </ul>
 *
 * <p>Layout: {@code <key>/{subject,preheader,html,text}.mustache}, variants in
 * {@code <key>/variants/<name>/} with the same part names, shared parts in folders starting with {@code _}.
 */
public final class TemplateValidator {

    static final Set<String> PART_NAMES = Set.of("subject", "preheader", "html", "text");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");
    private static final String EXT = ".mustache";

    /** Validates every file; an empty list means the folder is fit to render. */
    public List<TemplateError> validate(Map<String, String> files) {
        List<TemplateError> errors = new ArrayList<>();
        checkLayout(files, errors);
        for (Map.Entry<String, String> file : files.entrySet()) {
            validateFile(file.getKey(), file.getValue(), files, errors);
        }
        return errors;
    }

    /** Validates one template key (its parts, variants and everything they include). */
    public List<TemplateError> validateTemplate(Map<String, String> files, String key) {
        List<TemplateError> errors = new ArrayList<>();
        for (TemplateError e : validate(files)) {
            if (e.file().startsWith(key + "/") || e.file().startsWith("_")) {
                errors.add(e);
            }
        }
        return errors;
    }

    private static void checkLayout(Map<String, String> files, List<TemplateError> errors) {
        Set<String> keys = new TreeSet<>();
        for (String path : files.keySet()) {
            String[] segments = path.split("/");
            if (segments[0].startsWith("_")) {
                continue;
            }
            String file = segments[segments.length - 1];
            String part = file.substring(0, file.length() - EXT.length());
            boolean basePart = segments.length == 2;
            boolean variantPart = segments.length == 4 && segments[1].equals("variants");
            if (!basePart && !variantPart) {
                errors.add(new TemplateError(path, 1, "unexpected file: a template folder holds subject, preheader,"
                        + " html and text parts, and variants/<name>/ with the same parts"));
                continue;
            }
            if (!SEGMENT.matcher(segments[0]).matches() || variantPart && !SEGMENT.matcher(segments[2]).matches()) {
                errors.add(new TemplateError(path, 1, "template and variant names may only use letters, digits, _ and -"));
            }
            if (!PART_NAMES.contains(part)) {
                errors.add(new TemplateError(path, 1, "unknown part '" + part + "' (parts: html, preheader, subject, text)"));
            }
            keys.add(segments[0]);
        }
        for (String key : keys) {
            for (String required : List.of("subject", "html")) {
                if (!files.containsKey(key + "/" + required + EXT)) {
                    errors.add(new TemplateError(key + "/" + required + EXT, 1,
                            "missing: every template needs a subject and an html part"));
                }
            }
        }
    }

    /** An open section, layout or block while scanning. */
    private record Open(char type, String name, int line, ModelSchema.Node scope) {
    }

    private static void validateFile(String path, String text, Map<String, String> files, List<TemplateError> errors) {
        Deque<Open> open = new ArrayDeque<>();
        int pos = 0;
        int line = 1;
        int counted = 0;
        while (true) {
            int start = text.indexOf("{{", pos);
            if (start < 0) {
                break;
            }
            line += countNewlines(text, counted, start);
            counted = start;
            boolean triple = text.startsWith("{{{", start);
            int end = text.indexOf(triple ? "}}}" : "}}", start);
            if (end < 0) {
                errors.add(new TemplateError(path, line, "'{{' is never closed with '}}'"));
                return;
            }
            String tag = text.substring(start + (triple ? 3 : 2), end).strip();
            pos = end + (triple ? 3 : 2);
            if (triple) {
                errors.add(new TemplateError(path, line, "unescaped output {{{" + tag + "}}} is not allowed:"
                        + " values are always escaped in HTML"));
                continue;
            }
            if (tag.isEmpty()) {
                errors.add(new TemplateError(path, line, "empty tag {{}}"));
                continue;
            }
            char type = tag.charAt(0);
            String body = "#^/><$&=!".indexOf(type) >= 0 ? tag.substring(1).strip() : tag;
            switch (type) {
                case '!' -> {
                    // comment
                }
                case '&' -> errors.add(new TemplateError(path, line, "unescaped output {{&" + body + "}} is not allowed:"
                        + " values are always escaped in HTML"));
                case '=' -> errors.add(new TemplateError(path, line, "changing delimiters ({{=...=}}) is not allowed"));
                case '>' -> checkInclude(path, line, body, "partial", files, errors);
                case '<' -> {
                    checkInclude(path, line, body, "layout", files, errors);
                    open.push(new Open(type, body, line, null));
                }
                case '$' -> open.push(new Open(type, body, line, null));
                case '#', '^' -> {
                    ModelSchema.Node node = resolve(path, line, body, open, errors);
                    ModelSchema.Node scope = null;
                    if (type == '#' && node != null && node.kind() != ModelSchema.Kind.VALUE) {
                        scope = node;
                    }
                    open.push(new Open(type, body, line, scope));
                }
                case '/' -> {
                    if (open.isEmpty()) {
                        errors.add(new TemplateError(path, line, "{{/" + body + "}} closes nothing"));
                    } else if (!open.peek().name().equals(body)) {
                        Open o = open.peek();
                        errors.add(new TemplateError(path, line, "{{/" + body + "}} does not match {{" + o.type() + o.name()
                                + "}} opened on line " + o.line()));
                    } else {
                        open.pop();
                    }
                }
                default -> resolve(path, line, tag, open, errors);
            }
        }
        for (Open o : open) {
            errors.add(new TemplateError(path, o.line(), "{{" + o.type() + o.name() + "}} is never closed"));
        }
    }

    private static void checkInclude(String path, int line, String name, String what, Map<String, String> files,
                                     List<TemplateError> errors) {
        String file = name.startsWith("/") ? name.substring(1) : name;
        if (!file.endsWith(EXT)) {
            file = file + EXT;
        }
        if (!files.containsKey(file)) {
            errors.add(new TemplateError(path, line, what + " '" + name + "' not found (expected file " + file + ")"));
        }
    }

    /** Resolves a name (with optional filters) against the open scopes; reports and returns null when unknown. */
    private static ModelSchema.Node resolve(String path, int line, String tag, Deque<Open> open, List<TemplateError> errors) {
        String name;
        try {
            name = TemplateExpression.hasFilters(tag) ? TemplateExpression.parse(tag).variable() : tag.strip();
        } catch (TemplateExpression.InvalidExpressionException e) {
            errors.add(new TemplateError(path, line, e.getMessage() + " in {{" + tag + "}}"));
            return null;
        }
        if (name.equals(".")) {
            return ModelSchema.Node.value();
        }
        String[] segments = name.split("\\.", -1);
        List<ModelSchema.Node> scopes = new ArrayList<>();
        for (Iterator<Open> it = open.iterator(); it.hasNext(); ) {
            Open o = it.next();
            if (o.scope() != null) {
                scopes.add(o.scope());
            }
        }
        scopes.add(ModelSchema.root());
        for (ModelSchema.Node scope : scopes) {
            ModelSchema.Node first = scope.fields().get(segments[0]);
            if (first == null) {
                continue;
            }
            ModelSchema.Node node = first;
            StringBuilder walked = new StringBuilder(segments[0]);
            for (int i = 1; i < segments.length; i++) {
                ModelSchema.Node next = node.kind() == ModelSchema.Kind.OBJECT ? node.fields().get(segments[i]) : null;
                if (next == null) {
                    errors.add(new TemplateError(path, line, "unknown variable '" + name + "': " + walked
                            + (node.kind() == ModelSchema.Kind.OBJECT ? " has " + String.join(", ", node.fields().keySet())
                            : node.kind() == ModelSchema.Kind.LIST ? " is a list; loop over it with {{#" + walked + "}}"
                            : " is a value with no fields")));
                    return null;
                }
                node = next;
                walked.append('.').append(segments[i]);
            }
            return node;
        }
        StringBuilder known = new StringBuilder(String.join(", ", ModelSchema.root().fields().keySet()));
        if (scopes.size() > 1) {
            known.insert(0, String.join(", ", scopes.get(0).fields().keySet()) + "; outer: ");
        }
        errors.add(new TemplateError(path, line, "unknown variable '" + name + "' (known here: " + known + ")"));
        return null;
    }

    private static int countNewlines(String text, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
