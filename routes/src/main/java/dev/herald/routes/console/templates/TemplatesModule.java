package dev.herald.routes.console.templates;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.engine.application.TemplatePreviews;
import dev.herald.routes.console.ConsoleModule;
import dev.herald.routes.console.ConsoleNav;
import dev.herald.routes.console.ConsoleRequest;
import dev.herald.routes.console.ConsoleResponse;
import dev.herald.routes.console.ConsoleRole;
import dev.herald.routes.console.ConsoleRouter;
import dev.herald.routes.console.ConsoleView;
import dev.herald.templates.LinkChecker;
import dev.herald.templates.RenderedTemplate;
import dev.herald.templates.TemplateError;
import dev.herald.templates.TemplateLibrary;
import dev.herald.templates.TemplateLinkCheck;
import dev.herald.templates.Translations;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The console's Templates area: the list of email templates, and an editor with a live preview of exactly what a
 * stored customer would receive (subject, preheader, the HTML in a sandboxed frame with its own strict CSP, the
 * text part) for the template or one of its A/B variants. Saving goes through {@link TemplateLibrary}, which refuses
 * an edit that does not validate or render (errors with their lines) and otherwise makes it live at once. Test sends
 * go to one address through the SMTP path, marked as tests. "Check links" checks every link of the template (as
 * the editor holds it) in each variant and translation with {@link LinkChecker} and shows the result table (ADR
 * 0076). Marketers edit and test-send, analysts read, preview and check links.
 */
public final class TemplatesModule implements ConsoleModule {

    private static final Logger LOG = LoggerFactory.getLogger(TemplatesModule.class);
    private static final Set<ConsoleRole> READERS = EnumSet.of(ConsoleRole.MARKETER, ConsoleRole.ANALYST);
    private static final Set<ConsoleRole> EDITORS = EnumSet.of(ConsoleRole.MARKETER);
    private static final List<String> PARTS = List.of("subject", "preheader", "html", "text");
    /**
     * The preview frame's policy: the email's inline styles and images render, nothing runs, nothing posts. The
     * report's click map serves its frame under it too.
     */
    public static final String PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data: https: http:;"
            + " font-src data:; form-action 'none'; frame-ancestors 'self'; sandbox";

    private volatile java.util.function.BooleanSupplier topicsDefined = () -> false;
    private static final String LINKS_NOTE = " Unsubscribe and confirmation links are placeholders: the outbox"
            + " adds signed ones at send time (unsubscribe for marketing campaigns only).";

    private final TemplateLibrary library;
    private final TemplatePreviews previews;
    private final TestMailer mailer;
    private final PreviewCache cache = new PreviewCache();
    private final ObjectMapper json = new ObjectMapper();
    private ConsoleView view;
    private volatile dev.herald.engine.persistence.Transactions auditTransactions;
    private volatile LinkChecker linkChecker;

    public TemplatesModule(TemplateLibrary library, TemplatePreviews previews, TestMailer mailer) {
        this.library = library;
        this.previews = previews;
        this.mailer = mailer;
    }

    /** Where template saves, reverts and translations are audited (kind {@code template}, actor {@code console:USER}). */
    public TemplatesModule withAudit(dev.herald.engine.persistence.Transactions auditTransactions) {
        this.auditTransactions = auditTransactions;
        return this;
    }

    /**
     * While the campaigns define subscription topics, previews show the "Email preferences" link that marketing
     * emails then carry (ADR 0063), as a placeholder like the unsubscribe link.
     */
    public TemplatesModule withPreferencesLink(java.util.function.BooleanSupplier whileTopicsDefined) {
        this.topicsDefined = whileTopicsDefined;
        return this;
    }

    /**
     * Shows the "Check links" button: the checker knows Herald's public URL, whose links (unsubscribe, preferences,
     * tracking) are skipped as Herald's own.
     */
    public TemplatesModule withLinkChecker(LinkChecker checker) {
        this.linkChecker = checker;
        return this;
    }

    @Override
    public ConsoleNav nav() {
        return new ConsoleNav("Templates", "/templates", 30, READERS);
    }

    @Override
    public void register(ConsoleRouter router, ConsoleView view) {
        this.view = view;
        router.get("/templates", READERS, this::list);
        router.get("/templates/{key}", READERS, this::editor);
        router.post("/templates/{key}/preview", READERS, this::preview);
        router.post("/templates/{key}/check-links", READERS, this::checkLinks);
        router.get("/templates/{key}/frame/{token}", READERS, this::frame);
        router.post("/templates/{key}/save", EDITORS, this::save);
        router.post("/templates/{key}/test-send", EDITORS, this::testSend);
        router.post("/templates/{key}/revert", EDITORS, this::revert);
        router.post("/templates/{key}/translations", EDITORS, this::addTranslation);
        router.post("/templates/{key}/translations/remove", EDITORS, this::removeTranslation);
    }

    private ConsoleResponse list(ConsoleRequest request) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String key : library.keys()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("key", key);
            String subject;
            try {
                subject = library.preview(key, null, sampleModel(key), null, null).subject();
            } catch (RuntimeException e) {
                subject = firstLine(library.source(key + "/subject.mustache"));
            }
            row.put("subject", subject);
            row.put("variants", String.join(", ", library.variants(key)));
            row.put("languages", String.join(", ", library.translations(key)));
            long edited = library.filesOf(key).stream().filter(p -> p.startsWith(key + "/")).filter(library::edited)
                    .count();
            row.put("edited", edited > 0);
            row.put("editedCount", edited);
            rows.add(row);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("templates", rows);
        model.put("editsDir", library.editsDir() == null ? null : library.editsDir().toString());
        return view.page(request, "Templates", "templates/list", model);
    }

    private ConsoleResponse editor(ConsoleRequest request) {
        String key = request.pathParameter("key");
        if (!library.keys().contains(key)) {
            return view.error(request, 404, "No such template", "There is no template named " + key + ".");
        }
        String file = request.query("newVariant") != null && request.query("part") != null
                ? key + "/variants/" + request.query("newVariant").strip() + "/" + request.query("part") + ".mustache"
                : request.query("file");
        file = fileOrDefault(key, file);
        if (file == null) {
            return view.error(request, 400, "Not a template file", "That is not a file of template " + key + ""
                    + " (variant names use letters, digits, _ and -).");
        }
        String content = library.source(file);
        boolean isNew = content == null;
        if (isNew) {
            // a new variant part starts from the template's own part
            content = Optional.ofNullable(library.source(key + "/" + file.substring(file.lastIndexOf('/') + 1)))
                    .orElse("");
        }
        Editor editor = new Editor(key, file, content, isNew, request.query("customer"), request.query("variant"),
                request.query("language"));
        editor.previewUnsaved = isNew;
        if ("1".equals(request.query("saved"))) {
            editor.notice = "Saved: " + file + " is live. The next email renders with it.";
        }
        if ("1".equals(request.query("reverted"))) {
            editor.notice = "Reverted: the built-in version is live again.";
        }
        if (request.query("sent") != null) {
            editor.notice = "Test email sent to " + request.query("sent") + ".";
        }
        // the announced tag comes from a link: only a language tag is repeated, so a crafted link cannot put words here
        if (Translations.isCanonicalTag(request.query("translated"))) {
            editor.notice = "Added the " + request.query("translated") + " translation: every part of the template"
                    + " (and of each variant) was copied into it, live at once. Translate each file in place.";
        }
        if (Translations.isCanonicalTag(request.query("untranslated"))) {
            editor.notice = "Removed the " + request.query("untranslated") + " translation: readers with that"
                    + " language get the template as written.";
        }
        return editorPage(request, 200, editor);
    }

    /** Renders the preview of the posted (unsaved) text: JSON for the editor's script, else the editor page. */
    private ConsoleResponse preview(ConsoleRequest request) throws Exception {
        String key = request.pathParameter("key");
        if (!library.keys().contains(key)) {
            return view.error(request, 404, "No such template", "There is no template named " + key + ".");
        }
        String file = fileOrDefault(key, request.form("file"));
        if (file == null) {
            return view.error(request, 400, "Not a template file", "That is not a file of template " + key + ".");
        }
        Editor editor = new Editor(key, file, nullToEmpty(request.form("content")), library.source(file) == null,
                request.form("customer"), request.form("variant"), request.form("language"));
        editor.previewUnsaved = true;
        if (wantsJson(request)) {
            Preview p = render(request, editor);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("subject", p.subject);
            body.put("preheader", p.preheader);
            body.put("text", p.text);
            body.put("frame", p.frame);
            body.put("problem", p.problem);
            body.put("customerNote", p.customerNote);
            body.put("errors", library.check(file, editor.content).stream()
                    .map(e -> Map.of("file", e.file(), "line", e.line(), "message", e.message())).toList());
            return ConsoleResponse.text(200, "application/json; charset=UTF-8", json.writeValueAsString(body))
                    .header("Cache-Control", "no-store");
        }
        editor.errors = library.check(file, editor.content);
        return editorPage(request, 200, editor);
    }

    /**
     * Checks the links of the template as the editor holds it (the posted text, saved or not) in every variant and
     * translation, for the chosen customer, and shows the editor with the result table.
     */
    private ConsoleResponse checkLinks(ConsoleRequest request) {
        String key = request.pathParameter("key");
        if (!library.keys().contains(key)) {
            return view.error(request, 404, "No such template", "There is no template named " + key + ".");
        }
        LinkChecker checker = linkChecker;
        if (checker == null) {
            return view.error(request, 404, "Link checks are off", "This console has no link checker.");
        }
        String file = fileOrDefault(key, request.form("file"));
        if (file == null) {
            return view.error(request, 400, "Not a template file", "That is not a file of template " + key + ".");
        }
        String live = library.source(file);
        String content = request.form("content") == null ? Optional.ofNullable(live).orElse("")
                : request.form("content").replace("\r\n", "\n");
        boolean unsaved = !content.equals(live);
        Editor editor = new Editor(key, file, content, live == null, request.form("customer"), request.form("variant"),
                request.form("language"));
        editor.previewUnsaved = unsaved;
        if (unsaved) {
            editor.errors = library.check(file, content);
        }
        Preview about = new Preview();
        Map<String, Object> customerModel = customerModel(editor, about);
        TemplateLinkCheck.Report report = new TemplateLinkCheck(library, checker).check(key, translation -> {
            Map<String, Object> model = new LinkedHashMap<>(customerModel);
            if (translation != null && !Translations.chain(String.valueOf(model.get("locale"))).contains(translation)) {
                model.put("locale", translation);
            }
            return model;
        }, unsaved ? file : null, unsaved ? content : null);
        LOG.info("console user {} checked the links of template {}{}: {}", request.user().name(), key,
                unsaved ? " (unsaved " + file + ")" : "", report.summary());
        editor.links = report;
        editor.linksOf = unsaved ? "your unsaved text" : "the live version";
        editor.linksCustomerNote = about.customerNote == null ? null : about.customerNote.replace(LINKS_NOTE, "");
        return editorPage(request, 200, editor);
    }

    private ConsoleResponse frame(ConsoleRequest request) {
        String html = cache.get(request.user().name(), request.pathParameter("token"));
        if (html == null) {
            return ConsoleResponse.text(404, "text/plain; charset=UTF-8", "This preview has expired; preview again.");
        }
        return ConsoleResponse.html(html).header("Content-Security-Policy", PREVIEW_CSP)
                .header("X-Frame-Options", "SAMEORIGIN").header("Cache-Control", "no-store");
    }

    private ConsoleResponse save(ConsoleRequest request) {
        String key = request.pathParameter("key");
        if (!library.keys().contains(key)) {
            return view.error(request, 404, "No such template", "There is no template named " + key + ".");
        }
        String file = fileOrDefault(key, request.form("file"));
        if (file == null) {
            return view.error(request, 400, "Not a template file", "That is not a file of template " + key + ".");
        }
        String content = nullToEmpty(request.form("content")).replace("\r\n", "\n");
        TemplateLibrary.SaveResult result = library.save(file, content);
        if (result.saved()) {
            LOG.info("console user {} saved template file {}", request.user().name(), file);
            audit(request, key, "save", Map.of("file", file, "version", library.version()));
            return ConsoleResponse.redirect("/templates/" + enc(key) + "?file=" + enc(file) + "&saved=1"
                    + param("customer", request.form("customer")) + param("variant", request.form("variant"))
                    + languageParam(request.form("language")));
        }
        Editor editor = new Editor(key, file, content, library.source(file) == null, request.form("customer"),
                request.form("variant"), request.form("language"));
        editor.errors = result.errors();
        editor.previewUnsaved = true;
        editor.problemTitle = "Not saved: the template has errors. The live version keeps running.";
        return editorPage(request, 422, editor);
    }

    private ConsoleResponse revert(ConsoleRequest request) {
        String key = request.pathParameter("key");
        String file = library.keys().contains(key) ? fileOrDefault(key, request.form("file")) : null;
        if (file == null) {
            return view.error(request, 404, "No such template file", "There is no such file of template " + key + ".");
        }
        TemplateLibrary.SaveResult result = library.revert(file);
        if (!result.saved()) {
            Editor editor = new Editor(key, file, Optional.ofNullable(library.source(file)).orElse(""), false,
                    request.form("customer"), request.form("variant"), request.form("language"));
            editor.errors = result.errors();
            editor.problemTitle = "Not reverted: other edits depend on this one.";
            return editorPage(request, 422, editor);
        }
        LOG.info("console user {} reverted template file {}", request.user().name(), file);
        audit(request, key, "revert", Map.of("file", file, "version", library.version()));
        String open = library.source(file) == null ? key + "/html.mustache" : file;
        return ConsoleResponse.redirect("/templates/" + enc(key) + "?file=" + enc(open) + "&reverted=1"
                + param("customer", request.form("customer")));
    }

    private ConsoleResponse testSend(ConsoleRequest request) {
        String key = request.pathParameter("key");
        if (!library.keys().contains(key)) {
            return view.error(request, 404, "No such template", "There is no template named " + key + ".");
        }
        String file = fileOrDefault(key, request.form("file"));
        Editor editor = new Editor(key, file == null ? key + "/html.mustache" : file,
                Optional.ofNullable(library.source(file == null ? key + "/html.mustache" : file)).orElse(""), false,
                request.form("customer"), request.form("variant"), request.form("language"));
        String to = nullToEmpty(request.form("to")).strip();
        try {
            InternetAddress address = new InternetAddress(to, true);
            if (to.isEmpty() || to.contains(",") || address.getAddress().contains(" ")) {
                throw new AddressException("one address");
            }
        } catch (AddressException e) {
            editor.sendProblem = "Enter one email address to send the test to (e.g. ann@example.com).";
            editor.to = to;
            return editorPage(request, 400, editor);
        }
        Preview rendered = renderLive(editor);
        if (rendered.email == null) {
            editor.sendProblem = "Not sent: " + rendered.problem;
            editor.to = to;
            return editorPage(request, 422, editor);
        }
        try {
            mailer.send(to, rendered.email);
        } catch (Exception e) {
            LOG.warn("test send of template {} to {} failed", key, to, e);
            editor.sendProblem = "Not sent: the mail server refused or could not be reached (" + e.getMessage() + ").";
            editor.to = to;
            return editorPage(request, 502, editor);
        }
        LOG.info("console user {} sent a test of template {} (variant {}) to {}", request.user().name(), key,
                editor.variant == null ? "-" : editor.variant, to);
        return ConsoleResponse.redirect("/templates/" + enc(key) + "?file=" + enc(editor.file) + "&sent=" + enc(to)
                + param("customer", editor.customer) + param("variant", editor.variant)
                + languageParam(request.form("language")));
    }

    /** Starts a translation: copies of every part into {@code <key>/locales/<tag>/}, opened for translating. */
    private ConsoleResponse addTranslation(ConsoleRequest request) {
        String key = request.pathParameter("key");
        if (!library.keys().contains(key)) {
            return view.error(request, 404, "No such template", "There is no template named " + key + ".");
        }
        String asked = nullToEmpty(request.form("language")).strip();
        String tag = asked.isEmpty() ? "" : Translations.canonical(asked);
        TemplateLibrary.SaveResult result = library.addTranslation(key, tag.equals("und") ? asked : tag);
        if (!result.saved()) {
            return refusedOnTheTemplatesHtml(request, key, result, "No translation added.");
        }
        LOG.info("console user {} added the {} translation of template {}", request.user().name(), tag, key);
        audit(request, key, "add-translation", Map.of("language", tag, "version", library.version()));
        return ConsoleResponse.redirect("/templates/" + enc(key) + "?file=" + enc(key + "/" + Translations.FOLDER + "/"
                + tag + "/subject.mustache") + "&language=" + enc(tag) + "&translated=" + enc(tag)
                + param("customer", request.form("customer")));
    }

    /** Removes a translation added in the console, all its files at once. */
    private ConsoleResponse removeTranslation(ConsoleRequest request) {
        String key = request.pathParameter("key");
        if (!library.keys().contains(key)) {
            return view.error(request, 404, "No such template", "There is no template named " + key + ".");
        }
        String tag = nullToEmpty(request.form("language")).strip();
        TemplateLibrary.SaveResult result = library.removeTranslation(key, tag);
        if (!result.saved()) {
            return refusedOnTheTemplatesHtml(request, key, result, "The translation was not removed.");
        }
        LOG.info("console user {} removed the {} translation of template {}", request.user().name(), tag, key);
        audit(request, key, "remove-translation", Map.of("language", tag, "version", library.version()));
        return ConsoleResponse.redirect("/templates/" + enc(key) + "?file=" + enc(key + "/html.mustache")
                + "&language=&untranslated=" + enc(tag) + param("customer", request.form("customer")));
    }

    private void audit(ConsoleRequest request, String key, String action, Map<String, ?> detail) {
        if (auditTransactions != null) {
            dev.herald.engine.consent.AuditLog.record(auditTransactions, "template", key, action,
                    "console:" + request.user().name(), detail, java.time.Instant.now());
        }
    }

    /** The editor on the template's HTML with the errors of a refused change to the whole template. */
    private ConsoleResponse refusedOnTheTemplatesHtml(ConsoleRequest request, String key,
                                                     TemplateLibrary.SaveResult result, String title) {
        Editor editor = new Editor(key, key + "/html.mustache", library.source(key + "/html.mustache"), false,
                request.form("customer"), null, null);
        editor.errors = result.errors();
        editor.problemTitle = title;
        return editorPage(request, 422, editor);
    }

    /** What the editor page shows; a small mutable holder, filled by the handlers. */
    private static final class Editor {
        final String key;
        final String file;
        final String content;
        final boolean isNew;
        final String customer;
        final String variant;
        /** The translation previewed and test-sent, or null for the template as written. */
        final String language;
        boolean previewUnsaved;
        List<TemplateError> errors = List.of();
        String notice;
        String problemTitle;
        String sendProblem;
        String to;
        TemplateLinkCheck.Report links;
        String linksOf;
        String linksCustomerNote;

        /**
         * @param language the language picked ({@code ""}: as written); {@code null} when none was picked, which
         *                 previews a translation's file in its language and any other file as written
         */
        Editor(String key, String file, String content, boolean isNew, String customer, String variant,
               String language) {
            this.key = key;
            this.file = file;
            this.content = content;
            this.isNew = isNew;
            this.customer = customer == null || customer.isBlank() ? null : customer.strip();
            this.variant = variant == null || variant.isBlank() ? null : variant.strip();
            String picked = language == null ? TemplateLibrary.translationOf(file) : language;
            this.language = picked == null || picked.isBlank() ? null : picked.strip();
        }
    }

    /** A rendered preview, or why there is none. */
    private static final class Preview {
        String subject = "";
        String preheader = "";
        String text = "";
        String frame;
        String problem;
        String customerNote;
        RenderedTemplate email;
    }

    private ConsoleResponse editorPage(ConsoleRequest request, int status, Editor editor) {
        Map<String, Object> model = new LinkedHashMap<>();
        boolean canEdit = request.user().role() != ConsoleRole.ANALYST;
        model.put("key", editor.key);
        model.put("file", editor.file);
        model.put("content", editor.content);
        model.put("isNew", editor.isNew);
        model.put("canRevert", canEdit && !editor.isNew && library.edited(editor.file));
        model.put("canEdit", canEdit);
        model.put("notice", editor.notice);
        model.put("problemTitle", editor.problemTitle);
        model.put("sendProblem", editor.sendProblem);
        model.put("to", editor.to);
        model.put("rows", Math.max(12, Math.min(40, editor.content.split("\n", -1).length + 2)));
        List<Map<String, Object>> files = new ArrayList<>();
        for (String path : library.filesOf(editor.key)) {
            files.add(Map.of("path", path, "selected", path.equals(editor.file), "edited", library.edited(path)));
        }
        if (editor.isNew) {
            files.add(Map.of("path", editor.file, "selected", true, "edited", true));
        }
        model.put("files", files);
        List<Map<String, Object>> errors = new ArrayList<>();
        for (TemplateError e : editor.errors) {
            errors.add(Map.of("file", e.file(), "line", e.line(), "message", e.message(),
                    "here", e.file().equals(editor.file)));
        }
        model.put("errors", errors);
        model.put("hasErrors", !errors.isEmpty());
        List<String> variantNames = new ArrayList<>(library.variants(editor.key));
        String fileVariant = variantOf(editor.file);
        if (fileVariant != null && !variantNames.contains(fileVariant)) {
            variantNames.add(fileVariant);
        }
        List<Map<String, Object>> variants = new ArrayList<>();
        for (String v : variantNames) {
            variants.add(Map.of("name", v, "selected", v.equals(editor.variant)));
        }
        model.put("variants", variants);
        List<Map<String, Object>> languages = new ArrayList<>();
        for (String tag : library.translations(editor.key)) {
            languages.add(Map.of("tag", tag, "selected", tag.equals(editor.language)));
        }
        model.put("languages", languages);
        model.put("language", editor.language == null ? "" : editor.language);
        String fileLanguage = TemplateLibrary.translationOf(editor.file);
        model.put("removableLanguage", canEdit && fileLanguage != null && editor.file.startsWith(editor.key + "/")
                && !editor.isNew && library.removable(editor.key, fileLanguage) ? fileLanguage : null);
        List<Map<String, Object>> customers = new ArrayList<>();
        for (TemplatePreviews.CustomerChoice c : previews.recentCustomers(50)) {
            customers.add(Map.of("id", c.id(), "label", c.id() + " · " + nullToEmpty(c.name()) + " <"
                    + nullToEmpty(c.email()) + ">"));
        }
        model.put("customers", customers);
        String customer = editor.customer != null ? editor.customer
                : previews.recentCustomers(1).stream().map(TemplatePreviews.CustomerChoice::id).findFirst().orElse("");
        model.put("customer", customer);
        model.put("parts", PARTS);
        Preview p = editor.previewUnsaved ? render(request, editor) : renderLiveWithFrame(request, editor);
        model.put("previewSubject", p.subject);
        model.put("previewPreheader", p.preheader);
        model.put("previewText", p.text);
        model.put("previewFrame", p.frame);
        model.put("previewProblem", p.problem);
        model.put("customerNote", p.customerNote);
        model.put("previewOf", editor.previewUnsaved ? "your unsaved text" : "the live version");
        model.put("canCheckLinks", linkChecker != null);
        model.put("linkCheck", editor.links == null ? null : linkCheckModel(editor));
        return view.page(request, status, "Template " + editor.key, "templates/editor", model);
    }

    /** The result table of a link check: one row per link, broken and unreachable ones marked. */
    private static Map<String, Object> linkCheckModel(Editor editor) {
        TemplateLinkCheck.Report report = editor.links;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (TemplateLinkCheck.Link link : report.links()) {
            LinkChecker.Result r = link.result();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("url", r.url());
            row.put("result", r.outcome().name());
            row.put("status", r.status());
            row.put("finalUrl", r.finalUrl());
            row.put("reason", r.reason());
            row.put("bad", r.outcome().bad());
            row.put("badge", switch (r.outcome()) {
                case OK -> "on";
                case BROKEN, UNREACHABLE -> "off";
                case SKIPPED -> "";
            });
            row.put("onlyIn", link.inEvery() ? null : String.join("; ", link.foundIn()));
            rows.add(row);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("of", editor.linksOf);
        model.put("summary", report.summary().toString());
        model.put("clean", report.clean());
        model.put("renderings", report.renderings().isEmpty() ? null : String.join("; ", report.renderings()));
        model.put("customerNote", editor.linksCustomerNote);
        model.put("problems", report.problems());
        model.put("links", rows);
        model.put("hasLinks", !rows.isEmpty());
        return model;
    }

    /** The preview of the editor's (possibly unsaved) text, with its frame URL. */
    private Preview render(ConsoleRequest request, Editor editor) {
        Preview p = new Preview();
        Map<String, Object> model = model(editor, p);
        try {
            p.email = library.previewIn(editor.key, editor.variant, editor.language, model, editor.file, editor.content);
        } catch (RuntimeException e) {
            p.problem = e.getMessage();
            return p;
        }
        fill(request, editor, p);
        return p;
    }

    private Preview renderLiveWithFrame(ConsoleRequest request, Editor editor) {
        Preview p = renderLive(editor);
        if (p.email != null) {
            fill(request, editor, p);
        }
        return p;
    }

    /** The live version, as the next email would be rendered. */
    private Preview renderLive(Editor editor) {
        Preview p = new Preview();
        Map<String, Object> model = model(editor, p);
        try {
            p.email = library.previewIn(editor.key, editor.variant, editor.language, model, null, null);
        } catch (RuntimeException e) {
            p.problem = e.getMessage();
        }
        return p;
    }

    private void fill(ConsoleRequest request, Editor editor, Preview p) {
        p.subject = p.email.subject();
        p.preheader = p.email.preheader();
        p.text = p.email.text();
        p.frame = request.base() + "/templates/" + enc(editor.key) + "/frame/"
                + cache.put(request.user().name(), p.email.html());
    }

    /**
     * The stored customer's model, else (no customer given, none stored, or an unknown id) sample values; in the
     * picked translation's locale when the customer's is another language, so dates and money read as there.
     */
    private Map<String, Object> model(Editor editor, Preview p) {
        Map<String, Object> model = customerModel(editor, p);
        if (editor.language != null && !Translations.chain(String.valueOf(model.get("locale"))).contains(editor.language)) {
            model.put("locale", editor.language);
        }
        return model;
    }

    private Map<String, Object> customerModel(Editor editor, Preview p) {
        String id = editor.customer;
        if (id == null) {
            id = previews.recentCustomers(1).stream().map(TemplatePreviews.CustomerChoice::id).findFirst().orElse(null);
        }
        Optional<Map<String, Object>> stored = id == null ? Optional.empty() : previews.model(id, editor.key);
        if (stored.isPresent()) {
            p.customerNote = "Customer " + id + " as stored" + (stored.get().containsKey("order")
                    ? ", with their latest order." : ", as at signup (no orders).") + LINKS_NOTE;
            return withSendTimeLinks(stored.get());
        }
        p.customerNote = (id == null ? "No customers stored yet: sample values are shown."
                : "No customer " + id + ": sample values are shown.") + LINKS_NOTE;
        return sampleModel(editor.key);
    }

    /** A signup email's model for a made-up customer. */
    private Map<String, Object> sampleModel(String key) {
        return PreviewModels.sample(key, topicsDefined.getAsBoolean());
    }

    /** The links the outbox adds at send time, as placeholders ({@link PreviewModels#withSendTimeLinks}). */
    private Map<String, Object> withSendTimeLinks(Map<String, Object> model) {
        return PreviewModels.withSendTimeLinks(model, topicsDefined.getAsBoolean());
    }

    /** {@code file} when it is an editable file of {@code key} (or shared), the template's HTML when absent. */
    private String fileOrDefault(String key, String file) {
        if (file == null || file.isBlank()) {
            return key + "/html.mustache";
        }
        if (!TemplateLibrary.editable(file)) {
            return null;
        }
        if (file.startsWith(key + "/")) {
            return file;
        }
        return file.startsWith("_") && library.source(file) != null ? file : null;
    }

    private static String variantOf(String file) {
        int at = file.indexOf("/variants/");
        if (at < 0) {
            return null;
        }
        int start = at + "/variants/".length();
        return file.substring(start, file.indexOf('/', start));
    }

    private static boolean wantsJson(ConsoleRequest request) {
        String accept = request.header("Accept");
        return accept != null && accept.contains("application/json");
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        String line = text.strip();
        int nl = line.indexOf('\n');
        return nl < 0 ? line : line.substring(0, nl);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The picked language, kept even when it is "as written" (empty), so the next page does not pick for the user. */
    private static String languageParam(String language) {
        return language == null ? "" : "&language=" + enc(language.strip());
    }

    private static String param(String name, String value) {
        return value == null || value.isBlank() ? "" : "&" + name + "=" + enc(value.strip());
    }
}
