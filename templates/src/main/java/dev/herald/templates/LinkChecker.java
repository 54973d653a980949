package dev.herald.templates;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the links of a rendered email before it goes out (ADR 0076): a link that is broken in a campaign sent to
 * thousands of customers cannot be taken back.
 *
 * <p>{@link #extract} finds every link of the HTML part ({@code href} and {@code src} attributes, inside tags,
 * Outlook's conditional comments included) and every web address of the plain-text part, de-duplicated, in order
 * of appearance. {@link #check} answers one {@link Result} per link, in the same order: links that cannot or need
 * not be checked are {@link Outcome#SKIPPED} with the reason ({@code mailto:}, {@code tel:}, anchors, a
 * {@code {{…}}} placeholder left in, and Herald's own tracking, unsubscribe and preference links, which start with
 * the public URL or another configured prefix); the others are asked over HTTP with a HEAD request, then a GET
 * (at most {@value #BODY_LIMIT} bytes of the body are read) when the site refuses HEAD with 405 or 501. Redirects
 * are followed, up to {@value #MAX_REDIRECTS}, and the final address is reported. A link is {@link Outcome#OK}
 * when the last answer is 2xx, {@link Outcome#BROKEN} on 4xx or 5xx (or when it cannot work in any mail client:
 * relative or malformed), {@link Outcome#UNREACHABLE} when no answer came (refused connection, unknown host,
 * TLS failure, timeout).
 *
 * <p>Each request has its own timeout (default 5 s), the links are checked on a small fixed pool (default 8
 * threads) and the whole check has a deadline (default 30 s): a link not answered by then is unreachable, and a
 * failure of one check never fails the others. Requests carry {@code User-Agent: Herald-LinkCheck/1.0}.
 * Immutable and thread-safe; the {@code with…} methods return a configured copy.
 */
public final class LinkChecker {

    /** Sent with every request, so site owners can tell the check from a visitor. */
    public static final String USER_AGENT = "Herald-LinkCheck/1.0";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);
    public static final int DEFAULT_THREADS = 8;
    static final int MAX_REDIRECTS = 10;
    static final int BODY_LIMIT = 4096;

    /** What became of a link. */
    public enum Outcome {
        /** The last answer was 2xx (after redirects). */
        OK,
        /** The site answered 4xx or 5xx, or the link cannot work in a mail client (relative, malformed). */
        BROKEN,
        /** No answer: connection refused, unknown host, TLS failure, timeout. */
        UNREACHABLE,
        /** Not checked, with the reason: not a web link, a placeholder, or Herald's own. */
        SKIPPED;

        /** Whether a recipient clicking the link would hit a dead end. */
        public boolean bad() {
            return this == BROKEN || this == UNREACHABLE;
        }
    }

    /** Where a link was found: the HTML attribute ({@code href}, {@code src}) or {@code text} for the text part. */
    public record FoundLink(String url, String where) {
    }

    /**
     * The result of one link.
     *
     * @param url      the link as written in the email (HTML entities decoded)
     * @param outcome  what became of it
     * @param status   the HTTP status of the last answer, or null when there was none
     * @param finalUrl where the redirects ended, or null when the link was not redirected
     * @param reason   why it was skipped, broken or unreachable (the status text for an HTTP error), else null
     */
    public record Result(String url, Outcome outcome, Integer status, String finalUrl, String reason) {

        static Result skipped(String url, String reason) {
            return new Result(url, Outcome.SKIPPED, null, null, reason);
        }

        static Result unreachable(String url, String reason) {
            return new Result(url, Outcome.UNREACHABLE, null, null, reason);
        }

        /** One line for people: {@code BROKEN 404 https://… (Not Found)}. */
        public String describe() {
            StringBuilder b = new StringBuilder(outcome.name());
            if (status != null) {
                b.append(' ').append(status);
            }
            b.append(' ').append(url);
            if (finalUrl != null) {
                b.append(" -> ").append(finalUrl);
            }
            if (reason != null) {
                b.append(" (").append(reason).append(')');
            }
            return b.toString();
        }
    }

    /** How many links came to which outcome. */
    public record Summary(int links, int ok, int broken, int unreachable, int skipped) {

        public static Summary of(Collection<Result> results) {
            int[] n = new int[Outcome.values().length];
            results.forEach(r -> n[r.outcome().ordinal()]++);
            return new Summary(results.size(), n[0], n[1], n[2], n[3]);
        }

        public Summary plus(Summary other) {
            return new Summary(links + other.links, ok + other.ok, broken + other.broken,
                    unreachable + other.unreachable, skipped + other.skipped);
        }

        /** Whether a recipient would hit no dead end: nothing broken or unreachable. */
        public boolean clean() {
            return broken == 0 && unreachable == 0;
        }

        /** {@code 12 links: 10 fine, 1 broken, 1 skipped} (counts of zero left out), or {@code no links}. */
        @Override
        public String toString() {
            if (links == 0) {
                return "no links";
            }
            List<String> parts = new ArrayList<>();
            if (ok > 0) {
                parts.add(ok + " fine");
            }
            if (broken > 0) {
                parts.add(broken + " broken");
            }
            if (unreachable > 0) {
                parts.add(unreachable + " unreachable");
            }
            if (skipped > 0) {
                parts.add(skipped + " skipped");
            }
            return links + (links == 1 ? " link: " : " links: ") + String.join(", ", parts);
        }
    }

    /** A tag, with attribute values that may hold {@code >} inside quotes. */
    private static final Pattern TAG = Pattern.compile("<[A-Za-z][A-Za-z0-9:-]*(?:[^>\"']|\"[^\"]*\"|'[^']*')*>");
    /** {@code href} or {@code src} (not {@code data-src}), its value double-, single- or not quoted. */
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "(?<![\\w:-])(href|src)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'=<>`]+))", Pattern.CASE_INSENSITIVE);
    /** A web address in plain text; trailing punctuation is trimmed after the match. */
    private static final Pattern TEXT_URL = Pattern.compile("(?i)\\bhttps?://[^\\s<>\"']+");
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):.*", Pattern.DOTALL);
    private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(400, "Bad Request"),
            Map.entry(401, "Unauthorized"), Map.entry(402, "Payment Required"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"),
            Map.entry(408, "Request Timeout"), Map.entry(410, "Gone"), Map.entry(429, "Too Many Requests"),
            Map.entry(451, "Unavailable For Legal Reasons"), Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"),
            Map.entry(504, "Gateway Timeout"));
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final Supplier<String> publicUrl;
    private final List<String> alsoOwn;
    private final Duration timeout;
    private final Duration deadline;
    private final int threads;
    /** Built at the first request, so the copies the {@code with…} methods make on the way cost no client. */
    private volatile HttpClient client;

    private LinkChecker(Supplier<String> publicUrl, List<String> alsoOwn, Duration timeout, Duration deadline,
                        int threads) {
        if (timeout.isNegative() || timeout.isZero() || deadline.isNegative() || deadline.isZero() || threads < 1) {
            throw new IllegalArgumentException("timeout and deadline must be positive, threads at least 1");
        }
        this.publicUrl = publicUrl;
        this.alsoOwn = List.copyOf(alsoOwn);
        this.timeout = timeout;
        this.deadline = deadline;
        this.threads = threads;
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    // redirects are followed here, hop by hop, so a HEAD refused after a redirect still gets its GET
                    c = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                            .version(HttpClient.Version.HTTP_1_1).build();
                    client = c;
                }
            }
        }
        return c;
    }

    /**
     * A checker that skips Herald's own links: those starting with the public URL (asked at each check, as the
     * standalone runtime knows its port only once the HTTP server listens).
     *
     * @param publicUrl Herald's {@code herald.public-url}; may answer null or blank when there is none
     */
    public static LinkChecker skippingHeraldAt(Supplier<String> publicUrl) {
        return new LinkChecker(publicUrl, List.of(), DEFAULT_TIMEOUT, DEFAULT_DEADLINE, DEFAULT_THREADS);
    }

    /** A checker that skips links starting with one of {@code ownPrefixes} (and nothing else of Herald's). */
    public static LinkChecker skipping(Collection<String> ownPrefixes) {
        return new LinkChecker(() -> null, List.copyOf(ownPrefixes), DEFAULT_TIMEOUT, DEFAULT_DEADLINE,
                DEFAULT_THREADS);
    }

    /** This checker, also skipping the links that start with one of {@code prefixes}. */
    public LinkChecker alsoSkipping(Collection<String> prefixes) {
        List<String> all = new ArrayList<>(alsoOwn);
        all.addAll(prefixes);
        return new LinkChecker(publicUrl, all, timeout, deadline, threads);
    }

    /** This checker with another timeout per request (connect, and each answer's headers). */
    public LinkChecker withTimeout(Duration perRequest) {
        return new LinkChecker(publicUrl, alsoOwn, perRequest, deadline, threads);
    }

    /** This checker with another deadline for a whole {@link #check}. */
    public LinkChecker withDeadline(Duration whole) {
        return new LinkChecker(publicUrl, alsoOwn, timeout, whole, threads);
    }

    /** This checker with another number of links checked at once. */
    public LinkChecker withThreads(int count) {
        return new LinkChecker(publicUrl, alsoOwn, timeout, deadline, count);
    }

    public Duration timeout() {
        return timeout;
    }

    public Duration deadline() {
        return deadline;
    }

    /** Herald's public URL without a trailing slash, or null when none is configured. */
    public String publicUrl() {
        String url = publicUrl.get();
        if (url == null || url.isBlank()) {
            return null;
        }
        url = url.strip();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The prefixes of Herald's own links: the public URL and those configured. */
    public List<String> ownPrefixes() {
        List<String> prefixes = new ArrayList<>();
        String url = publicUrl();
        if (url != null) {
            prefixes.add(url);
        }
        alsoOwn.stream().filter(p -> p != null && !p.isBlank()).map(String::strip).forEach(prefixes::add);
        return prefixes;
    }

    // ---------------------------------------------------------------- extraction

    /**
     * Every link of an email: the {@code href} and {@code src} attribute values of the HTML part's tags, then the
     * web addresses of the text part not already found, each once, in order of appearance. HTML entities in
     * attribute values are decoded ({@code &amp;} is {@code &}), surrounding whitespace is dropped.
     *
     * @param html the HTML part, or null
     * @param text the plain-text part, or null
     */
    public static List<FoundLink> extract(String html, String text) {
        Map<String, FoundLink> found = new LinkedHashMap<>();
        if (html != null) {
            Matcher tag = TAG.matcher(html);
            while (tag.find()) {
                Matcher attribute = ATTRIBUTE.matcher(tag.group());
                while (attribute.find()) {
                    String value = attribute.group(2) != null ? attribute.group(2)
                            : attribute.group(3) != null ? attribute.group(3) : attribute.group(4);
                    String url = clean(dev.herald.engine.engagement.HtmlEntities.unescape(value));
                    found.putIfAbsent(url, new FoundLink(url, attribute.group(1).toLowerCase(Locale.ROOT)));
                }
            }
        }
        if (text != null) {
            Matcher m = TEXT_URL.matcher(text);
            while (m.find()) {
                String url = trimTrailingPunctuation(m.group());
                found.putIfAbsent(url, new FoundLink(url, "text"));
            }
        }
        return List.copyOf(found.values());
    }

    /** Browsers drop surrounding whitespace and any tab or line break inside a URL. */
    private static String clean(String url) {
        return url.strip().replaceAll("[\\t\\n\\r]", "");
    }

    private static String trimTrailingPunctuation(String url) {
        int end = url.length();
        while (end > 0) {
            char c = url.charAt(end - 1);
            boolean unbalancedClose = (c == ')' && count(url, '(', end) < count(url, ')', end))
                    || (c == ']' && count(url, '[', end) < count(url, ']', end));
            if (".,;:!?".indexOf(c) >= 0 || unbalancedClose) {
                end--;
            } else {
                break;
            }
        }
        return url.substring(0, end);
    }

    private static int count(String s, char c, int end) {
        int n = 0;
        for (int i = 0; i < end; i++) {
            n += s.charAt(i) == c ? 1 : 0;
        }
        return n;
    }

    // ---------------------------------------------------------------- classification

    /** Why {@code url} is not checked over HTTP, or empty when it is. */
    public Optional<String> skipReason(String url) {
        return skipReason(url, ownPrefixes());
    }

    private static Optional<String> skipReason(String url, List<String> own) {
        if (url.isEmpty()) {
            return Optional.of("empty link");
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (url.contains("{{") || url.contains("}}") || lower.contains("%7b%7b") || lower.contains("%7d%7d")) {
            return Optional.of("holds a {{…}} placeholder that was not filled in");
        }
        if (url.startsWith("#")) {
            return Optional.of("anchor within the email");
        }
        for (String prefix : own) {
            if (ownedBy(url, prefix)) {
                return Optional.of("Herald's own link under " + prefix + ": unsubscribe, preferences, tracking");
            }
        }
        Matcher scheme = SCHEME.matcher(url);
        if (!scheme.matches()) {
            return Optional.empty(); // relative: broken, see check
        }
        return switch (scheme.group(1).toLowerCase(Locale.ROOT)) {
            case "http", "https" -> Optional.empty();
            case "mailto" -> Optional.of("a mailto: address");
            case "tel" -> Optional.of("a tel: phone number");
            case "data" -> Optional.of("a data: image embedded in the email");
            case "cid" -> Optional.of("a cid: attachment of the email");
            default -> Optional.of("not a web link: " + scheme.group(1) + ":");
        };
    }

    /** Whether {@code url} is {@code prefix} or below it: {@code https://h.example} does not own {@code https://h.example.org}. */
    private static boolean ownedBy(String url, String prefix) {
        String u = url.toLowerCase(Locale.ROOT);
        String p = prefix.toLowerCase(Locale.ROOT);
        if (p.endsWith("/")) {
            return u.startsWith(p) || u.equals(p.substring(0, p.length() - 1));
        }
        return u.equals(p) || u.startsWith(p + "/") || u.startsWith(p + "?") || u.startsWith(p + "#");
    }

    // ---------------------------------------------------------------- checking

    /** Checks the links of an email: {@link #extract}, then {@link #check(List)}. */
    public List<Result> checkEmail(String html, String text) {
        return check(extract(html, text).stream().map(FoundLink::url).toList());
    }

    /**
     * One result per distinct link, in the order given. Skipped links are answered at once, the others checked on
     * the pool within the deadline; a link without an answer by then is {@link Outcome#UNREACHABLE}.
     */
    public List<Result> check(List<String> urls) {
        List<String> distinct = urls.stream().distinct().toList();
        List<String> own = ownPrefixes();
        Result[] results = new Result[distinct.size()];
        List<Integer> toCheck = new ArrayList<>();
        for (int i = 0; i < distinct.size(); i++) {
            Optional<String> skip = skipReason(distinct.get(i), own);
            if (skip.isPresent()) {
                results[i] = Result.skipped(distinct.get(i), skip.get());
            } else {
                toCheck.add(i);
            }
        }
        if (!toCheck.isEmpty()) {
            List<Callable<Result>> tasks = toCheck.stream()
                    .<Callable<Result>>map(i -> () -> checkOne(distinct.get(i))).toList();
            AtomicInteger threadNumber = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, tasks.size()), r -> {
                Thread t = new Thread(r, "link-check-" + threadNumber.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<Result>> futures = pool.invokeAll(tasks, deadline.toMillis(), TimeUnit.MILLISECONDS);
                for (int k = 0; k < futures.size(); k++) {
                    String url = distinct.get(toCheck.get(k));
                    results[toCheck.get(k)] = outcomeOf(url, futures.get(k));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                for (int i : toCheck) {
                    if (results[i] == null) {
                        results[i] = Result.unreachable(distinct.get(i), "not checked: the check was stopped");
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
        return List.of(results);
    }

    private Result outcomeOf(String url, Future<Result> future) {
        try {
            return future.get();
        } catch (CancellationException e) {
            return Result.unreachable(url, "no answer within the check's deadline of " + seconds(deadline));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Result.unreachable(url, "the check failed: " + describe(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.unreachable(url, "not checked: the check was stopped");
        }
    }

    /** Checks one link over HTTP, following redirects; never throws but for an interrupt. */
    Result checkOne(String url) throws InterruptedException {
        URI start;
        try {
            start = new URI(url.replace(" ", "%20")); // as a browser sends it
        } catch (URISyntaxException e) {
            return new Result(url, Outcome.BROKEN, null, null, "not a valid URL: " + e.getReason()
                    + (e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : ""));
        }
        if (start.getScheme() == null) {
            return new Result(url, Outcome.BROKEN, null, null,
                    "relative link: a mail client has no page to resolve it against");
        }
        if (start.getHost() == null || start.getHost().isEmpty()) {
            return new Result(url, Outcome.BROKEN, null, null, "no host name in the link");
        }
        URI current = start;
        int status = 0;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpResponse<?> response;
            try {
                response = ask(current, "HEAD");
                if (response.statusCode() == 405 || response.statusCode() == 501) {
                    response = ask(current, "GET");
                }
            } catch (HttpConnectTimeoutException e) {
                return unreachable(url, current, start, "connection timed out after " + seconds(timeout));
            } catch (HttpTimeoutException e) {
                return unreachable(url, current, start, "no answer within " + seconds(timeout));
            } catch (IOException | IllegalArgumentException e) {
                return unreachable(url, current, start, describe(e));
            }
            status = response.statusCode();
            String finalUrl = current.equals(start) ? null : current.toString();
            if (REDIRECTS.contains(status)) {
                Optional<String> location = response.headers().firstValue("Location");
                if (location.isEmpty() || location.get().isBlank()) {
                    return new Result(url, Outcome.BROKEN, status, finalUrl, "redirect without a Location");
                }
                try {
                    URI next = current.resolve(new URI(location.get().strip()));
                    String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
                    if (!scheme.equals("http") && !scheme.equals("https")) {
                        return new Result(url, Outcome.BROKEN, status, next.toString(),
                                "redirects to a non-web address");
                    }
                    current = next;
                } catch (URISyntaxException | IllegalArgumentException e) {
                    return new Result(url, Outcome.BROKEN, status, finalUrl, "redirects to an invalid URL: "
                            + location.get());
                }
                continue;
            }
            if (status >= 200 && status < 300) {
                return new Result(url, Outcome.OK, status, finalUrl, null);
            }
            String reason = REASONS.getOrDefault(status, status >= 400 ? "HTTP error" : "unexpected answer");
            return new Result(url, Outcome.BROKEN, status, finalUrl, reason);
        }
        return new Result(url, Outcome.BROKEN, status, current.toString(), "more than " + MAX_REDIRECTS
                + " redirects");
    }

    private static Result unreachable(String url, URI current, URI start, String reason) {
        return new Result(url, Outcome.UNREACHABLE, null, current.equals(start) ? null : current.toString(), reason);
    }

    private HttpResponse<?> ask(URI uri, String method) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", USER_AGENT)
                .header("Accept", "*/*");
        if (method.equals("HEAD")) {
            return client().send(request.method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        HttpResponse<InputStream> response = client().send(request.GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            body.readNBytes(BODY_LIMIT); // the start of the page is enough; the rest is not fetched
        } catch (IOException e) {
            // the status is the answer; a body cut short changes nothing
        }
        return response;
    }

    /** A cause people understand: refused, unknown host, TLS, or the exception's own message. */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "unknown host: not found in DNS";
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return "TLS failed: " + t.getMessage();
            }
        }
        String connect = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                String message = t.getMessage() == null ? "" : t.getMessage();
                if (message.toLowerCase(Locale.ROOT).contains("refused")) {
                    return "connection refused";
                }
                connect = connect == null || connect.isEmpty() ? message : connect;
            }
        }
        if (connect != null) {
            // Java 17's client reports a refused connection as a ConnectException without a message
            return connect.isEmpty() ? "connection refused" : "cannot connect: " + connect;
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static String seconds(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
