package dev.herald.templates;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * {@code <key>/variants/<name>/} with the same part names, shared parts in folders starting with {@code _}, and
 * translations of any of them in {@code locales/<tag>/} beside what they translate ({@link Translations}). A
 * translation must have exactly the parts of what it translates, and a variant must be translated, for the parts
 * it changes, into every language its template is: so a reader never gets an email that mixes two languages.
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

    /** Where a template file sits: the template itself or a variant, translated or not. */
    private record Placement(String key, String variant, String translation, String part) {
    }

    private static void checkLayout(Map<String, String> files, List<TemplateError> errors) {
        Map<String, List<Placement>> byKey = new TreeMap<>();
        for (String path : files.keySet()) {
            String[] segments = path.split("/");
            if (segments[0].startsWith("_")) {
                checkSharedTranslation(path, segments, files, errors);
                continue;
            }
            Placement placement = placement(path, segments, errors);
            if (placement != null) {
                byKey.computeIfAbsent(segments[0], k -> new ArrayList<>()).add(placement);
            }
        }
        for (Map.Entry<String, List<Placement>> template : byKey.entrySet()) {
            String key = template.getKey();
            for (String required : List.of("subject", "html")) {
                if (!files.containsKey(key + "/" + required + EXT)) {
                    errors.add(new TemplateError(key + "/" + required + EXT, 1,
                            "missing: every template needs a subject and an html part"));
                }
            }
            checkTranslations(key, template.getValue(), errors);
        }
    }

    /** The placement of a template file, or null (reported) when its path has no meaning. */
    private static Placement placement(String path, String[] segments, List<TemplateError> errors) {
        int n = segments.length;
        boolean variant = n >= 4 && segments[1].equals("variants");
        int rest = variant ? 3 : 1;
        boolean translated = n == rest + 3 && segments[rest].equals(Translations.FOLDER);
        if (n != rest + 1 && !translated) {
            errors.add(new TemplateError(path, 1, "unexpected file: a template folder holds subject, preheader,"
                    + " html and text parts, variants/<name>/ with the same parts, and translations of either in"
                    + " locales/<language tag>/"));
            return null;
        }
        if (!SEGMENT.matcher(segments[0]).matches() || variant && !SEGMENT.matcher(segments[2]).matches()) {
            errors.add(new TemplateError(path, 1, "template and variant names may only use letters, digits, _ and -"));
        }
        String translation = translated ? segments[rest + 1] : null;
        if (translated && !Translations.isCanonicalTag(translation)) {
            errors.add(new TemplateError(path, 1, badTag(translation)));
        }
        String file = segments[n - 1];
        String part = file.substring(0, file.length() - EXT.length());
        if (!PART_NAMES.contains(part)) {
            errors.add(new TemplateError(path, 1, "unknown part '" + part + "' (parts: html, preheader, subject, text)"));
        }
        return new Placement(segments[0], variant ? segments[2] : null, translation, part);
    }

    /**
     * A translation has exactly the parts of what it translates, and a variant is translated into every language
     * its template is, for the parts it changes: otherwise a reader would get some parts in another language.
     */
    private static void checkTranslations(String key, List<Placement> placements, List<TemplateError> errors) {
        Set<String> own = new TreeSet<>();
        Map<String, Set<String>> variants = new TreeMap<>();
        Map<String, Set<String>> translations = new TreeMap<>();
        Map<String, Set<String>> translatedVariants = new TreeMap<>();
        for (Placement p : placements) {
            if (p.variant() == null) {
                (p.translation() == null ? own : translations.computeIfAbsent(p.translation(), t -> new TreeSet<>()))
                        .add(p.part());
            } else if (p.translation() == null) {
                variants.computeIfAbsent(p.variant(), v -> new TreeSet<>()).add(p.part());
            } else {
                translatedVariants.computeIfAbsent(p.variant() + "/" + p.translation(), v -> new TreeSet<>())
                        .add(p.part());
            }
        }
        for (Map.Entry<String, Set<String>> t : translations.entrySet()) {
            String folder = key + "/" + Translations.FOLDER + "/" + t.getKey() + "/";
            for (String part : own) {
                if (!t.getValue().contains(part)) {
                    errors.add(new TemplateError(folder + part + EXT, 1, "missing: the " + t.getKey()
                            + " translation needs every part the template has (" + String.join(", ", own) + ")"));
                }
            }
            for (String part : t.getValue()) {
                if (!own.contains(part)) {
                    errors.add(new TemplateError(folder + part + EXT, 1, "the template has no " + part
                            + " part to translate (" + key + "/" + part + EXT + " is missing)"));
                }
            }
        }
        for (Map.Entry<String, Set<String>> v : variants.entrySet()) {
            for (String tag : translations.keySet()) {
                Set<String> done = translatedVariants.getOrDefault(v.getKey() + "/" + tag, Set.of());
                for (String part : v.getValue()) {
                    if (!done.contains(part)) {
                        errors.add(new TemplateError(key + "/variants/" + v.getKey() + "/" + Translations.FOLDER + "/"
                                + tag + "/" + part + EXT, 1, "missing: variant " + v.getKey() + " changes the " + part
                                + " and the template is translated into " + tag + ", so the variant needs its " + tag
                                + " " + part + " too"));
                    }
                }
            }
        }
        for (Map.Entry<String, Set<String>> tv : translatedVariants.entrySet()) {
            String variant = tv.getKey().substring(0, tv.getKey().indexOf('/'));
            String tag = tv.getKey().substring(variant.length() + 1);
            for (String part : tv.getValue()) {
                String path = key + "/variants/" + variant + "/" + Translations.FOLDER + "/" + tag + "/" + part + EXT;
                if (!translations.containsKey(tag)) {
                    errors.add(new TemplateError(path, 1, "the template itself has no " + tag + " translation ("
                            + key + "/" + Translations.FOLDER + "/" + tag + "/): translate it first"));
                } else if (!variants.getOrDefault(variant, Set.of()).contains(part)) {
                    errors.add(new TemplateError(path, 1, "variant " + variant + " does not change the " + part
                            + ", so its " + tag + " " + part + " is the template's (" + key + "/"
                            + Translations.FOLDER + "/" + tag + "/" + part + EXT + ")"));
                }
            }
        }
    }

    /** A shared file's translation ({@code _layout/locales/de/html.mustache}) translates a shared file that exists. */
    private static void checkSharedTranslation(String path, String[] segments, Map<String, String> files,
                                               List<TemplateError> errors) {
        if (segments.length != 4 || !segments[1].equals(Translations.FOLDER)) {
            return;
        }
        if (!Translations.isCanonicalTag(segments[2])) {
            errors.add(new TemplateError(path, 1, badTag(segments[2])));
        }
        String original = segments[0] + "/" + segments[3];
        if (!files.containsKey(original)) {
            errors.add(new TemplateError(path, 1, "translates " + original + ", which does not exist"));
        }
    }

    private static String badTag(String tag) {
        String canonical;
        try {
            canonical = Translations.canonical(tag);
        } catch (RuntimeException e) {
            canonical = "und";
        }
        return "'" + tag + "' is not a language tag as translations are named (BCP 47, e.g. de, de-AT, pt-BR)"
                + (canonical.equals("und") || canonical.equals(tag) ? "" : "; write " + canonical);
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
