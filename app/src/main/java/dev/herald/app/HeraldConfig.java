package dev.herald.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Herald's settings, from four layers, each overriding the one before: built-in defaults, a properties file
 * ({@code herald.properties} in the data directory, or the file given with {@code --config}), environment
 * variables ({@code herald.smtp.host} is read as {@code HERALD_SMTP_HOST}) and command-line
 * {@code -Dkey=value} options. An empty broker URL, JDBC URL or SMTP host means "use the embedded one".
 */
public final class HeraldConfig {

    public static final String DATA_DIR = "herald.data-dir";
    public static final String HTTP_HOST = "herald.http.host";
    public static final String HTTP_PORT = "herald.http.port";
    public static final String CONSOLE_ENABLED = "herald.console.enabled";
    public static final String METRICS_ENABLED = "herald.metrics.enabled";
    public static final String CONVERSION_WINDOW = "herald.engagement.conversion-window";
    public static final String BROKER_URL = "herald.broker.url";
    public static final String BROKER_USER = "herald.broker.user";
    public static final String BROKER_PASSWORD = "herald.broker.password";
    public static final String BROKER_PORT = "herald.broker.port";
    public static final String JDBC_URL = "herald.jdbc.url";
    public static final String JDBC_USER = "herald.jdbc.user";
    public static final String JDBC_PASSWORD = "herald.jdbc.password";
    public static final String SMTP_HOST = "herald.smtp.host";
    public static final String SMTP_PORT = "herald.smtp.port";
    public static final String SMTP_TLS = "herald.smtp.tls";
    public static final String SMTP_USER = "herald.smtp.user";
    public static final String SMTP_PASSWORD = "herald.smtp.password";
    public static final String MAIL_FROM = "herald.mail.from";
    public static final String CONSUMERS = "herald.consumers";
    public static final String INGEST_BATCH_SIZE = "herald.ingest.batch-size";
    public static final String INGEST_BATCH_PREFETCH = "herald.ingest.batch-prefetch";
    public static final String INGEST_COMMIT_WAIT = "herald.ingest.commit-wait";
    public static final String DISPATCH_PERIOD_MS = "herald.dispatch.period-ms";
    public static final String DISPATCH_BATCH = "herald.dispatch.batch";
    public static final String DISPATCH_THREADS = "herald.dispatch.threads";
    public static final String RULES_DIR = "herald.rules.dir";
    public static final String SYNC_PERIOD_MS = "herald.sync.period-ms";
    public static final String SCHEDULE_PERIOD_MS = "herald.schedule.period-ms";
    public static final String SCHEDULE_MAX_LATE_MS = "herald.schedule.max-late-ms";
    public static final String JOURNEY_SWEEP_PERIOD_MS = "herald.journeys.sweep-period-ms";
    public static final String JOURNEY_BATCH = "herald.journeys.batch";
    public static final String AUTO_WINNER_PERIOD_MS = "herald.experiments.auto-winner-period-ms";
    public static final String LIFETIME_PERIOD = "herald.lifetime.period";
    public static final String SCORING_PERIOD = "herald.scoring.period";
    public static final String RETENTION_PERIOD = "herald.retention.period";
    public static final String LINK_CHECK_PERIOD = "herald.links.check-period";
    public static final String RECO_ENABLED = dev.herald.engine.reco.RecommendationSettingsParser.ENABLED;
    public static final String RECO_RETRAIN_INTERVAL = dev.herald.engine.reco.RecommendationSettingsParser.RETRAIN_INTERVAL;
    public static final String RECO_COUNT = dev.herald.engine.reco.RecommendationSettingsParser.COUNT;
    public static final String RECO_THREADS = dev.herald.engine.reco.RecommendationSettingsParser.THREADS;
    public static final String RECO_PRODUCTS_FILE = dev.herald.engine.reco.RecommendationSettingsParser.PRODUCTS_FILE;
    public static final String RECO_PRODUCT_LINK = dev.herald.engine.reco.RecommendationSettingsParser.PRODUCT_LINK;
    public static final String CRM_URL = "herald.crm.url";
    public static final String CRM_LOOKUP_PATH = "herald.crm.lookup-path";
    public static final String CRM_AUTH_HEADER = "herald.crm.auth-header";
    public static final String CRM_AUTH_VALUE = "herald.crm.auth-value";
    public static final String CRM_FIELDS = "herald.crm.fields";
    public static final String CRM_TIMEOUT_MS = "herald.crm.timeout-ms";
    public static final String CRM_ATTEMPTS = "herald.crm.attempts";
    public static final String CRM_CIRCUIT_OPEN_MS = "herald.crm.circuit-open-ms";
    public static final String CRM_CACHE_MINUTES = "herald.crm.cache-minutes";
    public static final String CRM_SWEEP_PERIOD_MS = "herald.crm.sweep-period-ms";
    public static final String PUBLIC_URL = "herald.public-url";
    public static final String TRACKING_SECRET = "herald.tracking.secret";
    public static final String API_KEY = "herald.api.key";
    /** Removed (ADR 0034): kept as a known key so a value stops start-up with what to do instead. */
    public static final String TRANSACTIONAL_CAMPAIGNS = "herald.consent.transactional-campaigns";
    public static final String BOUNCE_MAILBOX = "herald.bounce.mailbox";
    public static final String BOUNCE_SOFT_LIMIT = "herald.bounce.soft-limit";
    public static final String BOUNCE_SOFT_WINDOW_DAYS = "herald.bounce.soft-window-days";
    /** Delivery and redelivery tuning (issue 7): how long a claimed email is reserved, and its retry policy. */
    public static final String DISPATCH_LEASE_MS = "herald.dispatch.lease-ms";
    public static final String DISPATCH_MAX_ATTEMPTS = "herald.dispatch.max-attempts";
    public static final String DISPATCH_RETRY_BASE_MS = "herald.dispatch.retry-base-ms";
    public static final String DISPATCH_RETRY_MAX_MS = "herald.dispatch.retry-max-ms";
    public static final String BROKER_REDELIVERY_DELAY_MS = "herald.broker.redelivery-delay-ms";
    public static final String BROKER_JOURNAL_SYNC = "herald.broker.journal-sync";
    public static final String BROKER_JOURNAL_TYPE = "herald.broker.journal-type";
    public static final String SHOPIFY_SECRET = "herald.webhook.shopify.secret";
    public static final String HUBSPOT_SECRET = "herald.webhook.hubspot.secret";

    /** Every setting with its default and what it means; the README's configuration table mirrors this. */
    public static final Map<String, String[]> SETTINGS = settings();

    private final Map<String, String> values;

    private HeraldConfig(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Consumers per event queue when none is configured: half the processors (so both queues together have one
     * ingest thread per core), at least 1, at most 4. More threads than cores only queued on the database's commit
     * and on each other's customer claims, and cost CPU per event (ADR 0043: on 2 cores, 1 per queue gave lower
     * latency and less CPU per event than the former fixed 4).
     */
    static int defaultConsumers(int processors) {
        return Math.max(1, Math.min(4, processors / 2));
    }

    private static Map<String, String[]> settings() {
        Map<String, String[]> s = new LinkedHashMap<>();
        s.put(DATA_DIR, new String[]{"herald-data", "directory for the embedded broker journal, H2 database and mail"});
        s.put(HTTP_HOST, new String[]{"127.0.0.1", "address the HTTP server binds to"});
        s.put(HTTP_PORT, new String[]{"8080", "HTTP port (0 = pick a free port; -1 = no HTTP server)"});
        s.put(BROKER_URL, new String[]{"", "Artemis URL, e.g. tcp://broker:61616; empty = embedded broker"});
        s.put(BROKER_USER, new String[]{"", "broker user name"});
        s.put(BROKER_PASSWORD, new String[]{"", "broker password"});
        s.put(BROKER_PORT, new String[]{"61616", "TCP port of the embedded broker on 127.0.0.1 (0 = in-VM only)"});
        s.put(JDBC_URL, new String[]{"", "JDBC URL, e.g. jdbc:postgresql://db/herald; empty = H2 file in the data directory"});
        s.put(JDBC_USER, new String[]{"", "database user"});
        s.put(JDBC_PASSWORD, new String[]{"", "database password"});
        s.put(SMTP_HOST, new String[]{"", "SMTP server host; empty = embedded GreenMail server"});
        s.put(SMTP_PORT, new String[]{"2525", "SMTP port (for the embedded server too; 0 = pick a free port)"});
        s.put(SMTP_TLS, new String[]{"false", "use STARTTLS (required) towards the SMTP server"});
        s.put(SMTP_USER, new String[]{"", "SMTP user name (empty = no authentication)"});
        s.put(SMTP_PASSWORD, new String[]{"", "SMTP password"});
        s.put(MAIL_FROM, new String[]{"Herald Shop <hello@herald.example>", "From address of every email"});
        s.put(CONSUMERS, new String[]{String.valueOf(defaultConsumers(Runtime.getRuntime().availableProcessors())),
                "concurrent consumers per event queue (one customer's events stay in order); default: half the"
                        + " processors, 1 to 4 (ADR 0043)"});
        s.put(INGEST_BATCH_SIZE, new String[]{"100", "most events one ingest consumer applies in one database"
                + " transaction and JMS commit, taking only those already waiting (1..1000, ADR 0032)"});
        s.put(INGEST_BATCH_PREFETCH, new String[]{"true", "a batch reads its customers' decision facts, identity"
                + " keys and journey runs, and answers its events' checks (processed, order on record, queued, conversion)"
                + " once, at its start, instead of per event (ADRs 0038, 0040, 0041); false does it per event"});
        s.put(INGEST_COMMIT_WAIT, new String[]{"false", "each ingest batch's JMS commit waits for the broker's answer"
                + " (its journal sync); false sends it and goes on with the next batch unless the batch was full, since"
                + " the database commit before it holds the events' idempotency records: a lost acknowledgement only"
                + " redelivers events that are then skipped (ADR 0045). Artemis clients only; other brokers always"
                + " wait"});
        s.put(DISPATCH_PERIOD_MS, new String[]{"200", "how often the outbox is polled, in milliseconds"});
        s.put(DISPATCH_BATCH, new String[]{"50", "emails claimed per outbox poll"});
        s.put(DISPATCH_THREADS, new String[]{"2", "outbox dispatch threads, each with its own SMTP connection; a kill -9"
                + " may repeat up to one email per thread (ADRs 0026, 0049: two send twice as fast as one)"});
        s.put(SYNC_PERIOD_MS, new String[]{"5000", "how often this node looks for campaigns and template edits published on another node sharing its database (ADR 59); 0 = neither share nor fetch"});
        s.put(RULES_DIR, new String[]{"", "campaigns folder, watched and hot-reloaded; empty = the built-in campaigns, or DATA_DIR/campaigns once the console has published"});
        s.put(JOURNEY_SWEEP_PERIOD_MS, new String[]{"1000", "how often due journey delays and waits are looked for, in ms"});
        s.put(JOURNEY_BATCH, new String[]{"100", "journey runs advanced per sweep slice"});
        s.put(SCHEDULE_PERIOD_MS, new String[]{"10000", "how often this node looks for scheduled campaigns (trigger.at) whose time has come, in ms; 0 = this node never sends them (ADR 61)"});
        s.put(SCHEDULE_MAX_LATE_MS, new String[]{"86400000", "a scheduled campaign not started within this many ms of its time (Herald was down) is recorded as missed instead of sent late"});
        s.put(AUTO_WINNER_PERIOD_MS, new String[]{"3600000", "how often experiments with the auto-winner on are evaluated, in ms"});
        s.put(LIFETIME_PERIOD, new String[]{dev.herald.routes.LifetimeRoutes.DEFAULT_PERIOD, "how often the lifetime models are refitted and every customer's predictions stored (first run within 10 minutes of start; ADR 72); off = never (run herald lifetime predict yourself)"});
        s.put(SCORING_PERIOD, new String[]{dev.herald.routes.ScoringRoutes.DEFAULT_PERIOD, "how often every customer's engagement score is recomputed from their opens, clicks, visits and orders, so scores fade and segment moves are heard (scoring: in herald-rules.yaml; ADR 75); off = never (run herald segment engagement yourself)"});
        s.put(RETENTION_PERIOD, new String[]{"", "how long behavioural data is kept: activity events, opens and clicks, bounce reports and the contents finished emails were rendered from are removed once older, daily (at least 90d, e.g. 730d; ADR 78); empty = kept for ever"});
        s.put(LINK_CHECK_PERIOD, new String[]{"", "how often every email template's links are checked over HTTP, the bad ones shown on the console's dashboard, logged and counted in herald_template_links_bad (first run within 5 minutes of start; ADR 76); empty = never (herald templates check-links checks on demand)"});
        // caps, quiet hours, throttle, default time zone: read by the engine's SendGates, in the EAR too
        dev.herald.engine.delivery.SendGates.SETTINGS.forEach(g -> s.put(g[0], new String[]{g[1], g[2]}));
        dev.herald.routes.WebhookSettings.SETTINGS.forEach(w -> s.put(w[0], new String[]{w[1], w[2]}));
        s.put(CONVERSION_WINDOW, new String[]{"7d", "an order within this long after an email's send or click is its conversion (e.g. 2d, 7d, 2w)"});
        s.put(CONSOLE_ENABLED, new String[]{"true", "serve the web console at /console (needs HTTP on)"});
        s.put(METRICS_ENABLED, new String[]{"true", "serve Prometheus metrics at GET /metrics (counts only, no personal data; needs HTTP on; ADR 62)"});
        s.put(dev.herald.routes.console.ConsoleSettings.SESSION_IDLE, new String[]{
                dev.herald.routes.console.ConsoleSettings.SESSION_IDLE_DEFAULT,
                "a console session ends after this long without a request, e.g. 30m, 8h, 1d"});
        s.put(RECO_ENABLED, new String[]{"true", "train recommendations from the stored orders and use them in rules and emails"});
        s.put(RECO_RETRAIN_INTERVAL, new String[]{"1h", "full retrain period, e.g. 30m, 1h, 1d (0 = only POST /v1/reco/retrain)"});
        s.put(RECO_COUNT, new String[]{"4", "recommended products per customer (rule facts and email block)"});
        s.put(RECO_THREADS, new String[]{"0", "training threads (0 = one per processor)"});
        s.put(RECO_PRODUCTS_FILE, new String[]{"", "products file with categories and stock (product_id, description, category, unit_price, available)"});
        s.put(RECO_PRODUCT_LINK, new String[]{"", "product link in emails, {id} = product id, e.g. https://shop.example/p/{id}"});
        s.put(CRM_URL, new String[]{"", "CRM REST API base URL for enrichment, e.g. https://crm.example.com/api; empty = no enrichment"});
        s.put(CRM_LOOKUP_PATH, new String[]{"/contacts/{customerId}", "path of a contact, {customerId} or {email} replaced"});
        s.put(CRM_AUTH_HEADER, new String[]{"Authorization", "header carrying the CRM credential (empty = none)"});
        s.put(CRM_AUTH_VALUE, new String[]{"", "value of that header, e.g. Bearer TOKEN (never logged)"});
        s.put(CRM_FIELDS, new String[]{"name=/name,country=/country,crm_id=/id", "FIELD=/json/pointer pairs read from the CRM's answer"});
        s.put(CRM_TIMEOUT_MS, new String[]{"2000", "timeout of one CRM call, in milliseconds"});
        s.put(CRM_ATTEMPTS, new String[]{"3", "calls per lookup (timeouts and 5xx retried with exponential backoff)"});
        s.put(CRM_CIRCUIT_OPEN_MS, new String[]{"30000", "how long the circuit stays open after a run of CRM failures"});
        s.put(CRM_CACHE_MINUTES, new String[]{"10", "how long a CRM answer is reused"});
        s.put(CRM_SWEEP_PERIOD_MS, new String[]{"1000", "how often pending enrichments are swept"});
        s.put(PUBLIC_URL, new String[]{"", "base URL of unsubscribe, tracking and opt-in links; empty = http://HOST:PORT of the HTTP server"});
        s.put(TRACKING_SECRET, new String[]{"", "HMAC secret of link tokens (16+ characters); empty = generated once and kept in the database"});
        s.put(API_KEY, new String[]{"", "API key: the HTTP Basic user name of the tracking API (/v1/track ...), Authorization: Bearer KEY for the admin endpoints /v1/rules, /v1/reco, /v1/bounces and /v1/privacy; empty = those endpoints answer 503"});
        s.put(TRANSACTIONAL_CAMPAIGNS, new String[]{"", "REMOVED: must stay empty; a campaign is transactional by 'type: transactional' in its definition (ADR 0034)"});
        s.put(BOUNCE_MAILBOX, new String[]{"", "bounce mailbox as a camel-mail URI, e.g. imap://host:143?username=u&password=p; empty = none"});
        s.put(BOUNCE_SOFT_LIMIT, new String[]{"3", "soft bounces within the window that suppress an address"});
        s.put(BOUNCE_SOFT_WINDOW_DAYS, new String[]{"7", "the soft-bounce window, in days"});
        s.put(DISPATCH_LEASE_MS, new String[]{"120000", "how long a claimed email is reserved for one dispatcher; after a crash it is taken again once this has passed"});
        s.put(DISPATCH_MAX_ATTEMPTS, new String[]{"8", "send attempts in all before an email fails for good (SMTP 5xx fails at once)"});
        s.put(DISPATCH_RETRY_BASE_MS, new String[]{"5000", "delay after a failed send, doubled after each further failure (with jitter)"});
        s.put(DISPATCH_RETRY_MAX_MS, new String[]{"1800000", "cap on the delay between send attempts"});
        s.put(BROKER_JOURNAL_SYNC, new String[]{"true", "embedded broker: fsync the journal on every commit (false: faster; a power loss may lose the last commits, a killed process loses nothing)"});
        s.put(BROKER_JOURNAL_TYPE, new String[]{"nio", "embedded broker: journal file IO; nio = write, then fsync; aio = Linux asynchronous IO (needs libaio and the native library that ./herald puts on java.library.path; refuses to start without them); auto = aio where it loads, else nio (ADR 0047)"});
        s.put(BROKER_REDELIVERY_DELAY_MS, new String[]{"1000", "embedded broker: first delay before redelivering an event whose processing failed (doubles, max 30 s)"});
        s.put(SHOPIFY_SECRET, new String[]{"", "Shopify webhook signing secret (/v1/webhooks/shopify); empty = webhook off"});
        s.put(HUBSPOT_SECRET, new String[]{"", "HubSpot app client secret for v3 signatures (/v1/webhooks/hubspot); empty = webhook off"});
        return s;
    }

    /**
     * Loads the layers.
     *
     * @param configFile  an explicit properties file, or null to use {@code herald.properties} in the data
     *                    directory when it exists
     * @param environment usually {@code System.getenv()}
     * @param overrides   command-line {@code -D} values
     */
    public static HeraldConfig load(Path configFile, Map<String, String> environment, Map<String, String> overrides) {
        Map<String, String> v = new TreeMap<>();
        SETTINGS.forEach((k, d) -> v.put(k, d[0]));
        String dataDir = firstNonNull(overrides.get(DATA_DIR), environment.get(envName(DATA_DIR)), v.get(DATA_DIR));
        Path file = configFile != null ? configFile : Path.of(dataDir).resolve("herald.properties");
        if (configFile != null && !Files.isRegularFile(configFile)) {
            throw new IllegalArgumentException("configuration file not found: " + configFile);
        }
        if (Files.isRegularFile(file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read configuration file " + file + ": " + e.getMessage(), e);
            }
            p.stringPropertyNames().forEach(k -> v.put(k, p.getProperty(k).strip()));
        }
        for (String key : SETTINGS.keySet()) {
            String env = environment.get(envName(key));
            if (env != null) {
                v.put(key, env.strip());
            }
        }
        overrides.forEach((k, val) -> v.put(k, val.strip()));
        rejectUnknown(v);
        return new HeraldConfig(v);
    }

    private static HeraldConfig validated(Map<String, String> values) {
        rejectUnknown(values);
        return new HeraldConfig(values);
    }

    private static void rejectUnknown(Map<String, String> values) {
        for (String key : values.keySet()) {
            if (key.startsWith("herald.") && !SETTINGS.containsKey(key)) {
                throw new IllegalArgumentException("unknown setting '" + key + "'; known settings: "
                        + String.join(", ", SETTINGS.keySet()));
            }
        }
    }

    /** Defaults with some values replaced, ignoring files and the environment: for tests and embedding. */
    public static HeraldConfig of(Map<String, String> overrides) {
        Map<String, String> v = new TreeMap<>();
        SETTINGS.forEach((k, d) -> v.put(k, d[0]));
        v.putAll(overrides);
        return validated(v);
    }

    /** {@code herald.smtp.host} → {@code HERALD_SMTP_HOST}. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static String firstNonNull(String... values) {
        for (String s : values) {
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    public String get(String key) {
        return values.getOrDefault(key, "");
    }

    public boolean isSet(String key) {
        return !get(key).isBlank();
    }

    public int getInt(String key) {
        try {
            return Integer.parseInt(get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be a whole number, got '" + get(key) + "'");
        }
    }

    public boolean getBoolean(String key) {
        String s = get(key).toLowerCase(Locale.ROOT);
        if (!s.equals("true") && !s.equals("false")) {
            throw new IllegalArgumentException("setting " + key + " must be true or false, got '" + get(key) + "'");
        }
        return Boolean.parseBoolean(s);
    }

    public Duration getMillis(String key) {
        return Duration.ofMillis(getInt(key));
    }

    public Path dataDir() {
        return Path.of(get(DATA_DIR)).toAbsolutePath();
    }

    /** A copy with some values replaced. */
    public HeraldConfig with(Map<String, String> replacements) {
        Map<String, String> v = new TreeMap<>(values);
        v.putAll(replacements);
        return new HeraldConfig(v);
    }

    /** The effective settings, passwords masked, for the startup log. */
    public Map<String, String> describe() {
        Map<String, String> d = new TreeMap<>(values);
        d.replaceAll((k, val) -> (k.endsWith("password") || k.endsWith("auth-value") || k.endsWith(".key")
                || k.endsWith(".secret")) && !val.isEmpty() ? "****" : val);
        return d;
    }
}
