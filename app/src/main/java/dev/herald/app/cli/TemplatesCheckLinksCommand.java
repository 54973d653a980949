package dev.herald.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.app.HeraldConfig;
import dev.herald.templates.LinkChecker;
import dev.herald.templates.TemplateLibrary;
import dev.herald.templates.TemplateLinkCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code herald templates check-links [TEMPLATE ...] [--timeout 5s] [--json] [--data-dir DIR]} (ADR 0076). */
@Command(name = "check-links", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check every link of email templates before they go out: a broken link in a campaign sent to"
                + " thousands of customers cannot be taken back.",
                "The templates are those Herald sends from: the built-in ones with the console's edits in"
                        + " <data-dir>/templates/ laid over them. Each template is rendered with a sample customer"
                        + " and order, as written and in every A/B variant and translation, and each link (href and"
                        + " src of the HTML part, web addresses of the text part) is asked once over HTTP: HEAD,"
                        + " then GET when the site refuses HEAD (405, 501); redirects are followed. User-Agent:"
                        + " Herald-LinkCheck/1.0.",
                "Results: OK (2xx, with where redirects ended), BROKEN (4xx or 5xx with the status, or a link"
                        + " that cannot work in a mail client: relative or malformed), UNREACHABLE (connection"
                        + " refused, unknown host, TLS failure, timeout), SKIPPED (mailto:, tel:, anchors, a {{...}}"
                        + " placeholder left in, and Herald's own unsubscribe, preference and tracking links: those"
                        + " under herald.public-url, from --config or -Dherald.public-url=URL). Links that come from a customer's data (recommendations) are"
                        + " not in the sample and are not checked.",
                "Progress goes to standard error. Exit code 0 when no link is broken or unreachable, 1 when one is"
                        + " (or a template does not render), 2 for bad arguments such as an unknown template."})
public class TemplatesCheckLinksCommand implements Callable<Integer> {

    private static final Pattern DURATION = Pattern.compile("\\s*(\\d{1,6})\\s*(ms|s|m)?\\s*");

    @Parameters(arity = "0..*", paramLabel = "TEMPLATE",
            description = "Template keys, e.g. welcome thank-you; default: every template.")
    List<String> templates = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s",
            description = "How long to wait for each site (connecting, then its answer), e.g. 5s, 1500ms"
                    + " (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--deadline", paramLabel = "DURATION", defaultValue = "60s",
            description = "How long the check of one template may take in all; links without an answer by then"
                    + " are unreachable (default: ${DEFAULT-VALUE}).")
    String deadline;

    @Option(names = "--json", description = "Print one JSON document (every template, link and summary) instead"
            + " of the listing.")
    boolean json;

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Override
    public Integer call() throws Exception {
        Duration perRequest;
        Duration whole;
        try {
            perRequest = duration("--timeout", timeout);
            whole = duration("--deadline", deadline);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        HeraldConfig config = options.load(Map.of());
        TemplateLibrary library = TemplateLibrary.open(config.dataDir().resolve("templates"));
        List<String> keys = templates.isEmpty() ? library.keys() : List.copyOf(new LinkedHashSet<>(templates));
        List<String> unknown = keys.stream().filter(k -> !library.keys().contains(k)).toList();
        if (!unknown.isEmpty()) {
            System.err.println((unknown.size() == 1 ? "unknown template '" + unknown.get(0) + "'"
                    : "unknown templates '" + String.join("', '", unknown) + "'") + "; the templates are: "
                    + String.join(", ", library.keys()));
            return 2;
        }
        String publicUrl = publicUrl(config);
        LinkChecker checker = LinkChecker.skippingHeraldAt(() -> publicUrl).withTimeout(perRequest)
                .withDeadline(whole);
        TemplateLinkCheck check = new TemplateLinkCheck(library, checker);
        List<TemplateLinkCheck.Report> reports = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            System.err.printf(Locale.ROOT, "[%d/%d] checking the links of %s%n", i + 1, keys.size(), keys.get(i));
            long start = System.nanoTime();
            TemplateLinkCheck.Report report = check.check(keys.get(i));
            reports.add(report);
            System.err.printf(Locale.ROOT, "[%d/%d] %s: %s (%.1fs)%n", i + 1, keys.size(), keys.get(i),
                    report.summary(), (System.nanoTime() - start) / 1e9);
        }
        boolean clean = reports.stream().allMatch(TemplateLinkCheck.Report::clean);
        if (json) {
            System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(
                    json(reports, publicUrl, perRequest, clean)));
        } else {
            print(reports, clean);
        }
        return clean ? 0 : 1;
    }

    private static void print(List<TemplateLinkCheck.Report> reports, boolean clean) {
        LinkChecker.Summary total = new LinkChecker.Summary(0, 0, 0, 0, 0);
        for (TemplateLinkCheck.Report report : reports) {
            System.out.println(report.template() + " (" + String.join("; ", report.renderings()) + ")");
            for (TemplateLinkCheck.Link link : report.links()) {
                LinkChecker.Result r = link.result();
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-11s %3s  %s",
                        r.outcome(), r.status() == null ? "" : r.status(), r.url()));
                if (r.finalUrl() != null) {
                    line.append(" -> ").append(r.finalUrl());
                }
                if (r.reason() != null) {
                    line.append("  (").append(r.reason()).append(')');
                }
                if (!link.inEvery()) {
                    line.append("  [only in: ").append(String.join("; ", link.foundIn())).append(']');
                }
                System.out.println(line);
            }
            report.problems().forEach(p -> System.out.println("  NOT RENDERED  " + p));
            System.out.println("  " + report.template() + ": " + report.summary());
            System.out.println();
            total = total.plus(report.summary());
        }
        List<String> bad = reports.stream().filter(r -> !r.clean()).map(TemplateLinkCheck.Report::template).toList();
        System.out.println(reports.size() + (reports.size() == 1 ? " template, " : " templates, ") + total
                + (clean ? "" : "; to fix: " + String.join(", ", bad)));
    }

    private static ObjectNode json(List<TemplateLinkCheck.Report> reports, String publicUrl, Duration timeout,
                                   boolean clean) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode templates = root.putArray("templates");
        LinkChecker.Summary total = new LinkChecker.Summary(0, 0, 0, 0, 0);
        for (TemplateLinkCheck.Report report : reports) {
            ObjectNode t = templates.addObject();
            t.put("template", report.template());
            report.renderings().forEach(t.putArray("renderings")::add);
            ArrayNode links = t.putArray("links");
            for (TemplateLinkCheck.Link link : report.links()) {
                LinkChecker.Result r = link.result();
                ObjectNode l = links.addObject();
                l.put("url", r.url());
                l.put("result", r.outcome().name());
                if (r.status() == null) {
                    l.putNull("status");
                } else {
                    l.put("status", r.status());
                }
                l.put("finalUrl", r.finalUrl());
                l.put("reason", r.reason());
                l.put("where", link.where());
                link.foundIn().forEach(l.putArray("foundIn")::add);
            }
            report.problems().forEach(t.putArray("problems")::add);
            t.set("summary", summary(mapper, report.summary()));
            t.put("clean", report.clean());
            total = total.plus(report.summary());
        }
        root.set("summary", summary(mapper, total));
        root.put("clean", clean);
        root.put("publicUrl", publicUrl);
        root.put("timeoutMillis", timeout.toMillis());
        return root;
    }

    private static ObjectNode summary(ObjectMapper mapper, LinkChecker.Summary s) {
        ObjectNode o = mapper.createObjectNode();
        o.put("links", s.links());
        o.put("ok", s.ok());
        o.put("broken", s.broken());
        o.put("unreachable", s.unreachable());
        o.put("skipped", s.skipped());
        o.put("text", s.toString());
        return o;
    }

    /** Where recipients reach Herald's own links: herald.public-url, or the HTTP server's address as the runtime has it. */
    static String publicUrl(HeraldConfig config) {
        String configured = config.get(HeraldConfig.PUBLIC_URL);
        if (!configured.isBlank()) {
            return configured.strip();
        }
        int port = config.getInt(HeraldConfig.HTTP_PORT) > 0 ? config.getInt(HeraldConfig.HTTP_PORT) : 8080;
        return "http://" + config.get(HeraldConfig.HTTP_HOST) + ":" + port;
    }

    static Duration duration(String option, String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException(option + " must be a positive duration such as 5s, 1500ms or 2m;"
                    + " got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
