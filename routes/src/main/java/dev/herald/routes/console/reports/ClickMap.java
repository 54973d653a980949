package dev.herald.routes.console.reports;

import dev.herald.engine.engagement.EngagementReport;
import dev.herald.engine.experiment.report.ReportFormat;
import dev.herald.routes.console.templates.PreviewModels;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A campaign's rendered email with a badge after each link: how many of the period's emails had a click on it and
 * what share of the emails sent that is ("12 · 3.4 %"), the badge darker the more the link was clicked (four steps,
 * relative to the email's most clicked link; a grey "0" for a link nobody clicked). Links are matched as the click
 * links store them: the {@code href="..."} of the HTML with its entities decoded, the URL Herald rewrote for tracking
 * (Herald adds no parameters of its own). Only the links tracking rewrites get a badge: double-quoted http(s) hrefs,
 * not the placeholders of the links added at send time (unsubscribe, preferences), whose use is counted elsewhere.
 * The badges' styles are a {@code <style>} element in the email's document, which the preview frame's policy allows.
 */
final class ClickMap {

    /** Badge colours step by step; 0: not clicked. */
    static final int STEPS = 4;

    private static final Pattern ANCHOR = Pattern.compile("<a(?=\\s)[^>]*?\\shref=\"([^\"]*)\"[^>]*>",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ANCHOR_END = Pattern.compile("</a\\s*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEAD_END = Pattern.compile("</head\\s*>", Pattern.CASE_INSENSITIVE);

    static final String STYLE = "<style>"
            + ".herald-clicks{display:inline-block;margin:0 0 0 6px;padding:1px 8px;border-radius:10px;"
            + "font:bold 12px/18px Arial,Helvetica,sans-serif;letter-spacing:0;text-decoration:none;text-transform:none;"
            + "white-space:nowrap;vertical-align:middle;box-shadow:0 1px 2px rgba(0,0,0,.3);cursor:default}"
            + ".herald-heat-0{background:#f4f4f5;color:#52525b;border:1px dashed #a1a1aa;box-shadow:none;font-weight:normal}"
            + ".herald-heat-1{background:#ffedd5;color:#7c2d12;border:1px solid #fdba74}"
            + ".herald-heat-2{background:#fdba74;color:#431407;border:1px solid #f97316}"
            + ".herald-heat-3{background:#c2410c;color:#ffffff;border:1px solid #9a3412}"
            + ".herald-heat-4{background:#7c1d06;color:#ffffff;border:1px solid #450a03;font-size:13px;padding:2px 9px}"
            + "</style>";

    /**
     * The annotated email, and the clicked links it does not contain.
     *
     * @param html          the email with a badge after each tracked link
     * @param links         the tracked links found in the email (each URL once, in order of appearance)
     * @param notInTemplate clicked links that are not in the email, most clicked first
     */
    record Result(String html, List<String> links, List<EngagementReport.Link> notInTemplate) {
    }

    private ClickMap() {
    }

    /**
     * @param clicked each clicked URL with the number of emails that had a click on it
     * @param sent    the emails sent in the period, for each link's share; 0: no share is shown
     */
    static Result annotate(String html, List<EngagementReport.Link> clicked, long sent) {
        Map<String, Long> clicks = new HashMap<>();
        clicked.forEach(l -> clicks.merge(l.url(), l.emails(), Long::sum));
        // first pass: the tracked links, where their badges go, and how often each URL appears
        List<Integer> at = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        Map<String, Integer> appearances = new HashMap<>();
        Matcher a = ANCHOR.matcher(html);
        Matcher end = ANCHOR_END.matcher(html);
        int from = 0;
        while (a.find(from)) {
            String url = dev.herald.engine.engagement.HtmlEntities.unescape(a.group(1)).strip();
            int badgeAt = end.find(a.end()) ? end.end() : -1;
            from = a.end();
            if (badgeAt < 0 || !tracked(url)) {
                continue;
            }
            at.add(badgeAt);
            urls.add(url);
            appearances.merge(url, 1, Integer::sum);
        }
        long hottest = urls.stream().mapToLong(u -> clicks.getOrDefault(u, 0L)).max().orElse(0);
        StringBuilder out = new StringBuilder(html.length() + at.size() * 160 + STYLE.length());
        int last = 0;
        for (int i = 0; i < at.size(); i++) {
            int position = at.get(i);
            out.append(html, last, position);
            out.append(badge(clicks.getOrDefault(urls.get(i), 0L), sent, hottest, appearances.get(urls.get(i))));
            last = position;
        }
        out.append(html.substring(last));
        Matcher head = HEAD_END.matcher(out);
        if (head.find()) {
            out.insert(head.start(), STYLE);
        } else {
            out.insert(0, STYLE);
        }
        Set<String> inTemplate = new LinkedHashSet<>(urls);
        List<EngagementReport.Link> notInTemplate = clicked.stream().filter(l -> !inTemplate.contains(l.url()))
                .toList();
        return new Result(out.toString(), List.copyOf(inTemplate), notInTemplate);
    }

    /** The badge colour step: 0 for no clicks, else 1 to {@link #STEPS} by the share of the most clicked link's. */
    static int heat(long emails, long hottest) {
        if (emails <= 0 || hottest <= 0) {
            return 0;
        }
        return (int) Math.max(1, Math.min(STEPS, Math.ceil((double) STEPS * emails / hottest)));
    }

    /** "12 · 3.4 %" (just "12" when no email was sent in the period). */
    static String label(long emails, long sent) {
        return sent <= 0 ? ReportFormat.count(emails)
                : ReportFormat.count(emails) + " · " + ReportFormat.percent((double) emails / sent);
    }

    private static String badge(long emails, long sent, long hottest, int appearances) {
        String title = ReportFormat.count(emails) + (emails == 1 ? " email" : " emails") + " of "
                + ReportFormat.count(sent) + " sent had a click on this link"
                + (sent > 0 ? " (" + ReportFormat.percent((double) emails / sent) + ")" : "") + "."
                + (appearances > 1 ? " The email has this link " + appearances + " times; a click on any of them"
                + " counts." : "");
        return "<span class=\"herald-clicks herald-heat-" + heat(emails, hottest) + "\" title=\"" + escape(title)
                + "\">" + escape(label(emails, sent)) + "</span>";
    }

    /** The links click tracking rewrites: http(s), not the placeholders of the links added at send time. */
    private static boolean tracked(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return (lower.startsWith("https://") || lower.startsWith("http://")) && !url.startsWith(PreviewModels.SEND_TIME_LINKS)
                && url.chars().noneMatch(c -> c < 0x21 || c == 0x7f);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
