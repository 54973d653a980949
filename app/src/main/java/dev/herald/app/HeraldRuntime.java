package dev.herald.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.herald.app.console.ConsoleSetup;
import dev.herald.app.rules.CampaignChangeAudit;
import dev.herald.app.rules.CampaignRules;
import dev.herald.app.rules.RulesHttpRoutes;
import dev.herald.engine.application.EventProcessingService;
import dev.herald.engine.application.RecommendationSource;
import dev.herald.engine.application.SegmentChangeFeed;
import dev.herald.engine.decision.DecisionService;
import dev.herald.engine.delivery.BestHourGate;
import dev.herald.engine.delivery.OutboxDispatcher;
import dev.herald.engine.delivery.OutboxMessage;
import dev.herald.engine.delivery.SendGate;
import dev.herald.engine.delivery.SendGates;
import dev.herald.engine.delivery.CampaignPauses;
import dev.herald.engine.delivery.DeliverabilityGuard;
import dev.herald.engine.delivery.SunsetGate;
import dev.herald.engine.journey.JourneyService;
import dev.herald.engine.persistence.DatabaseMigrator;
import dev.herald.engine.persistence.HeraldPersistence;
import dev.herald.engine.persistence.ResourceLocalTransactions;
import dev.herald.engine.persistence.Transactions;
import dev.herald.engine.consent.TopicPreferences;
import dev.herald.engine.schedule.ScheduledCampaignRuns;
import dev.herald.engine.sharing.FolderSync;
import dev.herald.engine.sharing.PublishedRevisions;
import dev.herald.engine.sharing.SharedFolder;
import dev.herald.engine.reco.LiveRecommendationService;
import dev.herald.engine.segment.OrderSegmentRefresh;
import dev.herald.engine.consent.SuppressionGate;
import dev.herald.routes.Engagement;
import dev.herald.routes.ConnectionReusingMailSender;
import dev.herald.routes.HeraldRoutes;
import dev.herald.routes.HttpRoutes;
import dev.herald.routes.AdminApiKey;
import dev.herald.routes.FolderSyncRoutes;
import dev.herald.routes.RecoHttpRoutes;
import dev.herald.routes.RouteSettings;
import dev.herald.routes.ScheduledCampaignRoutes;
import dev.herald.routes.metrics.HeraldMetrics;
import dev.herald.routes.metrics.MetricsRoutes;
import dev.herald.routes.batch.BatchJmsComponent;
import dev.herald.routes.ingest.IngestSettings;
import dev.herald.routes.ingest.SegmentTranslator;
import dev.herald.rules.campaign.CampaignDecisionService;
import dev.herald.rules.campaign.CampaignFolder;
import dev.herald.rules.campaign.CampaignLoader;
import dev.herald.templates.TemplateFolder;
import dev.herald.templates.TemplateLibrary;
import dev.herald.engine.experiment.store.ExperimentService;
import dev.herald.routes.AutoWinnerRoutes;
import dev.herald.routes.LifetimeRoutes;
import jakarta.jms.ConnectionFactory;
import jakarta.mail.Session;
import jakarta.persistence.EntityManagerFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Standalone Herald: wires the engine, rules, templates and routes to an embedded (or configured external)
 * broker, database and SMTP server. Every resource is created here and handed to the pieces that use it, so
 * the EAR can wire the same pieces to container resources instead. {@link #close()} stops the routes first,
 * letting in-flight events finish, then the resources in reverse order of creation.
 */
public final class HeraldRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeraldRuntime.class);
    private static final int SHUTDOWN_TIMEOUT_SECONDS = 30;
    /** Concurrent HTTP requests being processed (mostly waiting for a broker commit). */
    static final int HTTP_WORKER_THREADS = 128;

    private final HeraldConfig config;
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private EmbeddedBroker broker;
    private EmbeddedMailServer mailServer;
    private OutboxDispatcher dispatcher;
    private dev.herald.engine.enrichment.CrmEnrichment crmEnrichment;
    private DecisionService decisions;
    /** The one way campaigns change while running (console edits and POST /v1/rules), so they never race. */
    private dev.herald.rules.campaign.CampaignPublisher campaignPublisher;
    private ScheduledCampaignRuns scheduledRuns;
    /** Share published campaigns and template edits with the other nodes on this database (empty: sync off). */
    private final List<FolderSync> folderSyncs = new ArrayList<>();
    private CamelContext camel;
    private ConnectionFactory connectionFactory;
    private javax.sql.DataSource dataSource;
    private LiveRecommendationService recommendations;
    private EventProcessingService processing;
    private int httpPort = -1;
    private volatile int boundHttpPort = -1;
    private Engagement engagement;
    private CampaignPauses campaignPauses;
    private final dev.herald.routes.LinkCheckRoutes.Latest latestLinkCheck = new dev.herald.routes.LinkCheckRoutes.Latest();
    private DeliverabilityGuard deliverabilityGuard;
    private dev.herald.routes.console.DatabaseConsoleUsers consoleUsers;
    private String smtpHost;
    private String smtpEndpoint;
    private TemplateLibrary templates;
    private int smtpPort;

    static {
        // Hibernate and Artemis log through JBoss Logging; send it to SLF4J like everything else
        System.setProperty("org.jboss.logging.provider", "slf4j");
        // jakarta.mail-api otherwise looks the stream provider up on the classpath for every MIME part (6x slower)
        if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
            System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    private HeraldRuntime(HeraldConfig config) {
        this.config = config;
    }

    /** Starts everything; on failure, whatever had started is stopped again. */
    public static HeraldRuntime start(HeraldConfig config) throws Exception {
        HeraldRuntime runtime = new HeraldRuntime(config);
        try {
            runtime.startAll();
            return runtime;
        } catch (Exception | Error e) {
            runtime.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        // before anything starts: the removed transactional list is refused with what to do instead (ADR 0034)
        SuppressionGate.refuseRemovedTransactionalSetting(config.get(HeraldConfig.TRANSACTIONAL_CAMPAIGNS));
        Path dataDir = config.dataDir();
        Files.createDirectories(dataDir);
        LOG.info("starting Herald in {}", dataDir);
        LOG.info("settings: {}", config.describe());

        connectionFactory = connectionFactory(dataDir);
        EntityManagerFactory emf = database(dataDir);
        Transactions transactions = new ResourceLocalTransactions(emf);
        // console users live in the database, shared with 'herald users' and every other process on it
        consoleUsers = new dev.herald.routes.console.DatabaseConsoleUsers(
                new dev.herald.engine.access.ConsoleAccounts(transactions, Clock.systemUTC()),
                new dev.herald.routes.console.PasswordHasher());
        // The campaigns: built in (rules/campaigns), or herald.rules.dir, watched and hot-reloaded.
        CampaignDecisionService campaigns = CampaignRules.start(config);
        decisions = campaigns;
        campaignPublisher = new dev.herald.rules.campaign.CampaignPublisher(CampaignRules.store(config),
                new CampaignLoader(CampaignRules.catalog()), campaigns.holder());
        LOG.info("rule base {} loaded", decisions.ruleBaseVersion());
        // every later publish (folder change or POST /v1/rules), live or refused, goes to the audit log
        CampaignChangeAudit.attach(campaigns.holder(), transactions);
        // nodes sharing this database share their published campaigns; a node catches up before it decides anything
        java.time.Duration syncPeriod = config.getMillis(HeraldConfig.SYNC_PERIOD_MS);
        if (syncPeriod.isNegative()) {
            throw new IllegalArgumentException(HeraldConfig.SYNC_PERIOD_MS + " must be 0 (off) or a number of"
                    + " milliseconds, got " + syncPeriod.toMillis());
        }
        if (!syncPeriod.isZero()) {
            folderSyncs.add(sync(new CampaignFolder(campaignPublisher), transactions));
        }
        SendGates timing = SendGates.fromSettings(config::get, campaigns.capLimits());
        JourneyService journeys = new JourneyService(transactions, campaigns.journeys(), Clock.systemUTC(),
                timing.defaultZone(), JourneyService.DEFAULT_LEASE).withDefaultLocale(timing.defaultLocale());
        // recommendations: trained from the stored orders now, retrained on a schedule and by POST /v1/reco/retrain
        if (config.getBoolean(HeraldConfig.RECO_ENABLED)) {
            recommendations = LiveRecommendationService.start(dataSource, RecommendationSettings.from(config));
            toClose.push(recommendations);
        }
        processing = new EventProcessingService(transactions, decisions, Clock.systemUTC(),
                OrderSegmentRefresh.RFM, journeys,
                recommendations == null ? RecommendationSource.NONE : recommendations)
                .withConversionWindow(dev.herald.engine.delivery.Durations.parse(config.get(HeraldConfig.CONVERSION_WINDOW)))
                .withBatchPrefetch(config.getBoolean(HeraldConfig.INGEST_BATCH_PREFETCH))
                .withDefaultLocale(timing.defaultLocale());
        crmEnrichment = CrmSetup.enrichment(config, transactions, processing); // null: no herald.crm.url
        // consent and suppression checked again at send time; unsubscribe links, tracking and bounces (issue 7)
        // transactional or marketing: each campaign's type in the live definitions (ADR 0034)
        SuppressionGate suppressionGate = ConsentWiring.suppressionGate(campaigns.transactionalCampaigns());
        engagement = ConsentWiring.engagement(config, transactions, campaigns.topics(), campaigns.topicTranslations());
        // a click moves journeys waiting for one; an unsubscribe ends those that exit on it
        engagement.engagement().withListener(journeys.engagementSignals());
        // a campaign whose emails bounce or draw spam complaints too often is paused until a person resumes it
        // (ADR 74): each attributed bounce or complaint is weighed as it is recorded
        campaignPauses = new CampaignPauses(transactions, Clock.systemUTC());
        deliverabilityGuard = new DeliverabilityGuard(campaigns.deliverabilityPolicy(),
                campaigns.transactionalCampaigns(), campaignPauses);
        engagement.bounces().withGuard(deliverabilityGuard);
        // send-time gates in order: a paused campaign's emails wait first (ADR 74), then suppression (a suppressed
        // address spends no allowance), frequency caps, quiet hours, throttle last (it spends tokens)
        // then the customer's subscription topics (ADR 63): a topic they left is suppressed like an unsubscribe;
        // then the sunset policy stops marketing email to customers who stopped reading it (ADR 70);
        // then a campaign sent at each customer's best hour waits for it (ADR 65), before it counts against a cap
        List<SendGate> gates = SendGates.chain(campaignPauses.gate(), suppressionGate, TopicPreferences.gate(campaigns.topicOf()),
                new SunsetGate(campaigns.sunsetPolicy(), campaigns.transactionalCampaigns(),
                        campaigns.includesUnengaged()),
                new BestHourGate(campaigns.sendsAtBestHour(), timing.defaultZone()),
                timing.caps(), timing.quietHours(), timing.throttle());
        // the built-in templates with the console's edits from <data-dir>/templates laid over them, live on save
        templates = TemplateLibrary.open(dataDir.resolve("templates"));
        if (!syncPeriod.isZero()) {
            // template edits are shared like the campaigns, and caught up before the first email renders
            folderSyncs.add(sync(new TemplateFolder(templates), transactions));
        }
        dispatcher = new OutboxDispatcher(transactions, templates, Clock.systemUTC(),
                retryPolicy(), gates)
                .withHooks(ConsentWiring.hooks(engagement, suppressionGate, this::publicUrl));

        String smtpUri = smtpUri();
        smtpEndpoint = smtpUri;
        int httpSetting = config.getInt(HeraldConfig.HTTP_PORT);
        RouteSettings settings = new RouteSettings(RouteSettings.COMMERCE_QUEUE, RouteSettings.CRM_QUEUE,
                RouteSettings.DEAD_LETTER_QUEUE, config.getInt(HeraldConfig.CONSUMERS), smtpUri,
                config.get(HeraldConfig.MAIL_FROM), config.getMillis(HeraldConfig.DISPATCH_PERIOD_MS),
                config.getInt(HeraldConfig.DISPATCH_BATCH), httpSetting >= 0,
                config.getInt(HeraldConfig.DISPATCH_THREADS))
                .withIngestBatchSize(ingestBatchSize(config));
        camel = camel(settings, processing, new SegmentChangeFeed(transactions,
                processing));
        HeraldRoutes.installJourneys(camel, journeys, config.getMillis(HeraldConfig.JOURNEY_SWEEP_PERIOD_MS),
                config.getInt(HeraldConfig.JOURNEY_BATCH));
        camel.addRoutes(new AutoWinnerRoutes(new ExperimentService(transactions, Clock.systemUTC()),
                config.getMillis(HeraldConfig.AUTO_WINNER_PERIOD_MS)));
        // who will buy again, refitted on a schedule (ADR 72)
        java.util.Optional<java.time.Duration> lifetimePeriod = LifetimeRoutes.period(
                config.get(HeraldConfig.LIFETIME_PERIOD));
        if (lifetimePeriod.isPresent()) {
            camel.addRoutes(new LifetimeRoutes(new dev.herald.engine.lifetime.LifetimeService(transactions),
                    lifetimePeriod.get(), Clock.systemUTC()));
        }
        // every template's links checked on a schedule when herald.links.check-period is set (ADR 76)
        java.util.Optional<java.time.Duration> linkChecks = dev.herald.routes.LinkCheckRoutes.period(
                config.get(HeraldConfig.LINK_CHECK_PERIOD));
        if (linkChecks.isPresent()) {
            camel.addRoutes(new dev.herald.routes.LinkCheckRoutes(templates,
                    dev.herald.templates.LinkChecker.skippingHeraldAt(this::publicUrl), linkChecks.get(),
                    latestLinkCheck, Clock.systemUTC()));
            HeraldMetrics.of(camel).watchLinks(latestLinkCheck);
        }
        // behavioural data older than herald.retention.period removed daily (ADR 78); off unless set
        java.util.Optional<java.time.Duration> retention = dev.herald.routes.RetentionRoutes.period(
                config.get(HeraldConfig.RETENTION_PERIOD));
        if (retention.isPresent()) {
            camel.addRoutes(new dev.herald.routes.RetentionRoutes(new dev.herald.engine.privacy.RetentionService(
                    transactions), retention.get(), Clock.systemUTC()));
        }
        // engagement scores recomputed on a schedule, so they fade and segment moves are heard (ADR 75)
        java.util.Optional<java.time.Duration> scoringPeriod = dev.herald.routes.ScoringRoutes.period(
                config.get(HeraldConfig.SCORING_PERIOD));
        if (scoringPeriod.isPresent()) {
            camel.addRoutes(new dev.herald.routes.ScoringRoutes(new dev.herald.engine.scoring.ScoringService(
                    transactions), campaigns.scoringPolicy(), scoringPeriod.get(), Clock.systemUTC()));
        }
        if (!folderSyncs.isEmpty()) {
            camel.addRoutes(new FolderSyncRoutes(folderSyncs, syncPeriod));
        }
        // campaigns sent at a set time (trigger.at) ask every customer once, through the same processing (ADR 61)
        scheduledRuns = new ScheduledCampaignRuns(transactions, processing, campaigns.scheduledCampaigns(),
                Clock.systemUTC(), config.getMillis(HeraldConfig.SCHEDULE_MAX_LATE_MS), FolderSync.thisNode());
        java.time.Duration schedulePeriod = config.getMillis(HeraldConfig.SCHEDULE_PERIOD_MS);
        if (schedulePeriod.isNegative()) {
            throw new IllegalArgumentException(HeraldConfig.SCHEDULE_PERIOD_MS + " must be 0 (off) or a number of"
                    + " milliseconds, got " + schedulePeriod.toMillis());
        }
        if (!schedulePeriod.isZero()) {
            camel.addRoutes(new ScheduledCampaignRoutes(scheduledRuns, schedulePeriod));
        }
        // what became of the emails, posted to the shop's own systems as signed batches (ADR 68)
        java.util.Optional<dev.herald.routes.WebhookSettings> webhooks = dev.herald.routes.WebhookSettings.from(config::get);
        if (webhooks.isPresent()) {
            dev.herald.routes.WebhookRoutes.install(camel, transactions, webhooks.get(), FolderSync.thisNode());
        }
        // counts for operators at GET /metrics, with the backlogs read when scraped (ADR 62)
        HeraldMetrics.of(camel).watchPauses(campaignPauses);
        HeraldMetrics.of(camel).watchQueues(Map.of(
                RouteSettings.CRM_QUEUE, queueDepth(RouteSettings.CRM_QUEUE),
                RouteSettings.COMMERCE_QUEUE, queueDepth(RouteSettings.COMMERCE_QUEUE),
                RouteSettings.DEAD_LETTER_QUEUE, queueDepth(RouteSettings.DEAD_LETTER_QUEUE)));
        if (httpSetting >= 0 && config.getBoolean(HeraldConfig.METRICS_ENABLED)) {
            camel.addRoutes(new MetricsRoutes(HttpRoutes.PLATFORM_HTTP));
        }
        if (httpSetting >= 0 && config.getBoolean(HeraldConfig.CONSOLE_ENABLED)) {
            camel.addRoutes(ConsoleSetup.routes(HttpRoutes.PLATFORM_HTTP, consoleUsers,
                    dev.herald.routes.console.ConsoleSettings.sessionIdle(
                            config.get(dev.herald.routes.console.ConsoleSettings.SESSION_IDLE)),
                    ConsoleSetup.modules(this, transactions, campaigns, journeys)));
        }
        camel.start();
        toClose.push(() -> camel.stop());
        if (httpSetting >= 0) {
            VertxPlatformHttpServer server = camel.hasService(VertxPlatformHttpServer.class);
            httpPort = server == null ? httpSetting : server.getServer().actualPort();
        }
        if (httpSetting < 0 && config.get(HeraldConfig.PUBLIC_URL).isBlank()) {
            LOG.warn("HTTP is off and {} is not set: unsubscribe and tracking links point to {}, which this process"
                    + " does not serve", HeraldConfig.PUBLIC_URL, publicUrl());
        }
        LOG.info("Herald is up: events on {} and {}, dead letters on {}, SMTP {}{}", settings.commerceQueue(),
                settings.crmQueue(), settings.deadLetterQueue(), smtpUri,
                httpPort >= 0 ? ", HTTP http://" + config.get(HeraldConfig.HTTP_HOST) + ":" + httpPort : "");
        if (httpPort >= 0 && config.getBoolean(HeraldConfig.CONSOLE_ENABLED) && consoleUsers.count() == 0) {
            LOG.warn("the web console (http://{}:{}/console) has no users yet: create the first admin with"
                    + " 'herald users add admin --role admin'", config.get(HeraldConfig.HTTP_HOST), httpPort);
        }
    }

    /** The outbox retry policy from herald.dispatch.* (defaults: {@link OutboxDispatcher.RetryPolicy#defaults()}). */
    private OutboxDispatcher.RetryPolicy retryPolicy() {
        return new OutboxDispatcher.RetryPolicy(config.getMillis(HeraldConfig.DISPATCH_LEASE_MS),
                config.getInt(HeraldConfig.DISPATCH_MAX_ATTEMPTS), config.getMillis(HeraldConfig.DISPATCH_RETRY_BASE_MS),
                config.getMillis(HeraldConfig.DISPATCH_RETRY_MAX_MS));
    }

    private ConnectionFactory connectionFactory(Path dataDir) throws Exception {
        String url = config.get(HeraldConfig.BROKER_URL);
        if (url.isBlank()) {
            Ports.requireFree(config.getInt(HeraldConfig.BROKER_PORT), "broker", "-D" + HeraldConfig.BROKER_PORT + "=N");
            broker = new EmbeddedBroker(dataDir.resolve("broker"), config.getInt(HeraldConfig.BROKER_PORT),
                    List.of(RouteSettings.COMMERCE_QUEUE, RouteSettings.CRM_QUEUE), RouteSettings.DEAD_LETTER_QUEUE,
                    config.getMillis(HeraldConfig.BROKER_REDELIVERY_DELAY_MS),
                    config.getBoolean(HeraldConfig.BROKER_JOURNAL_SYNC),
                    EmbeddedBroker.JournalChoice.parse(HeraldConfig.BROKER_JOURNAL_TYPE,
                            config.get(HeraldConfig.BROKER_JOURNAL_TYPE)));
            toClose.push(broker);
            url = broker.clientUrl();
        } else {
            LOG.info("using external broker {}", url);
        }
        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(url);
        if (config.isSet(HeraldConfig.BROKER_USER)) {
            cf.setUser(config.get(HeraldConfig.BROKER_USER));
            cf.setPassword(config.get(HeraldConfig.BROKER_PASSWORD));
        }
        toClose.push(cf::close);
        return cf;
    }

    /**
     * The H2 file database in the data directory, set up so that a commit that has returned survives a killed
     * process (the event's JMS message is acknowledged right after it):
     * <ul>
     * <li>WRITE_DELAY=0 writes every commit to the file before the commit returns; with H2's default (500 ms) a
     * killed process lost the last half second of commits (ADR 0023).</li>
     * <li>REUSE_SPACE=FALSE appends every commit at the end of the file. When H2 writes a commit into space freed
     * by older data, its recovery after a kill does not always find it again and falls back to an earlier state:
     * the last few commits, long returned and acknowledged, were gone (lost events, issue 7, ADR 0025). The price
     * is a file that only grows while the database is open; {@link #compactAtStart} gives the space back when
     * Herald starts again.</li>
     * </ul>
     * H2 still does not fsync, so an operating-system crash can lose the last commits; PostgreSQL is the durable
     * choice (ADR 0023). QUERY_CACHE_SIZE: H2 keeps 8 parsed statements per connection by default; an event's
     * transaction runs a few dozen different ones, so each was parsed again every time (a fifth of the consumers'
     * CPU, ADR 0026).
     */
    public static String embeddedDatabaseUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.resolve("db").resolve("herald")
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;REUSE_SPACE=FALSE;QUERY_CACHE_SIZE=256";
    }

    /**
     * True for an H2 file database that never reuses space (see {@link #embeddedDatabaseUrl}): it keeps every
     * chunk it ever wrote until it is compacted, which H2's ordinary close does not do for such a database, and a
     * killed process does not close it at all. So it is compacted when Herald starts, before anything else opens it.
     */
    static boolean compactAtStart(String jdbcUrl) {
        String url = jdbcUrl.toUpperCase(java.util.Locale.ROOT);
        return url.startsWith("JDBC:H2:FILE:") && url.contains(";REUSE_SPACE=FALSE");
    }

    private EntityManagerFactory database(Path dataDir) {
        String url = config.get(HeraldConfig.JDBC_URL);
        if (url.isBlank()) {
            url = embeddedDatabaseUrl(dataDir);
        }
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url);
        pool.setUsername(config.get(HeraldConfig.JDBC_USER));
        pool.setPassword(config.get(HeraldConfig.JDBC_PASSWORD));
        pool.setMaximumPoolSize(Math.max(4, config.getInt(HeraldConfig.CONSUMERS) * 2 + 2));
        pool.setPoolName("herald-db");
        if (compactAtStart(url)) {
            compact(url, config.get(HeraldConfig.JDBC_USER), config.get(HeraldConfig.JDBC_PASSWORD));
        }
        HikariDataSource dataSource = new HikariDataSource(pool);
        this.dataSource = dataSource;
        toClose.push(dataSource);
        LOG.info("database {}", url.replaceAll("password=[^;&]*", "password=****"));
        DatabaseMigrator.migrate(dataSource);
        EntityManagerFactory emf = HeraldPersistence.createEntityManagerFactory(dataSource, java.util.Map.of());
        toClose.push(emf::close);
        return emf;
    }

    /** {@link HeraldConfig#INGEST_BATCH_SIZE}, refused with the setting's name when outside 1..1000. */
    static int ingestBatchSize(HeraldConfig config) {
        try {
            return RouteSettings.requireValidIngestBatchSize(config.getInt(HeraldConfig.INGEST_BATCH_SIZE));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("setting " + HeraldConfig.INGEST_BATCH_SIZE + " must be a whole number"
                    + " from 1 to " + RouteSettings.MAX_INGEST_BATCH_SIZE + ", got '"
                    + config.get(HeraldConfig.INGEST_BATCH_SIZE) + "'");
        }
    }

    /**
     * Opens the database alone (after a kill, this is where H2 recovers it), then SHUTDOWN COMPACT rewrites the file
     * to its live data and closes it again: seconds for a large database, milliseconds for a small one.
     */
    private static void compact(String url, String user, String password) {
        Path file = h2File(url);
        long before = sizeOf(file);
        long start = System.nanoTime();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, user, password);
             java.sql.Statement s = c.createStatement()) {
            s.execute("SHUTDOWN COMPACT");
            LOG.info("embedded database compacted in {} ms: {} KiB -> {} KiB", (System.nanoTime() - start) / 1_000_000,
                    before / 1024, sizeOf(file) / 1024);
        } catch (java.sql.SQLException e) {
            // nothing is lost: the file keeps its dead chunks until a later start compacts it
            LOG.warn("embedded database not compacted: {}", e.getMessage());
        }
    }

    /** The .mv.db file of an H2 file URL. */
    private static Path h2File(String url) {
        String path = url.substring("jdbc:h2:file:".length());
        int options = path.indexOf(';');
        return Path.of((options < 0 ? path : path.substring(0, options)) + ".mv.db");
    }

    private static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private String smtpUri() {
        String host = config.get(HeraldConfig.SMTP_HOST);
        int port = config.getInt(HeraldConfig.SMTP_PORT);
        if (host.isBlank()) {
            Ports.requireFree(port, "SMTP", "-D" + HeraldConfig.SMTP_PORT + "=N");
            mailServer = new EmbeddedMailServer(port);
            toClose.push(mailServer);
            host = "127.0.0.1";
            port = mailServer.port();
        }
        smtpHost = host;
        smtpPort = port;
        return "smtp://" + host + ":" + port;
    }

    private CamelContext camel(RouteSettings settings, EventProcessingService processing,
                               SegmentChangeFeed segmentChanges) throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getCamelContextExtension().setName("herald");
        context.getShutdownStrategy().setTimeout(SHUTDOWN_TIMEOUT_SECONDS);
        context.getShutdownStrategy().setTimeUnit(TimeUnit.SECONDS);

        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(connectionFactory);
        // Local JMS transactions on a cached consumer. Left to itself, camel-jms creates a JmsTransactionManager for
        // transacted=true, and Spring's listener container then caches nothing: a new connection, session and
        // consumer for every message (measured: most of the ingest time went there, ADR 0023).
        jms.getConfiguration().setLazyCreateTransactionManager(false);
        jms.getConfiguration().setCacheLevelName("CACHE_CONSUMER");
        context.addComponent("jms", jms);

        MailComponent smtp = new MailComponent(context);
        smtp.getConfiguration().setSession(mailSession());
        if (config.isSet(HeraldConfig.SMTP_USER)) {
            smtp.getConfiguration().setUsername(config.get(HeraldConfig.SMTP_USER));
            smtp.getConfiguration().setPassword(config.get(HeraldConfig.SMTP_PASSWORD));
        }
        // one SMTP connection per dispatching thread, kept open between emails (ADR 0023)
        ConnectionReusingMailSender sender = new ConnectionReusingMailSender();
        sender.setSession(smtp.getConfiguration().getSession());
        sender.setProtocol("smtp");
        sender.setHost(smtpHost);
        sender.setPort(smtpPort);
        if (config.isSet(HeraldConfig.SMTP_USER)) {
            sender.setUsername(config.get(HeraldConfig.SMTP_USER));
            sender.setPassword(config.get(HeraldConfig.SMTP_PASSWORD));
        }
        smtp.getConfiguration().setJavaMailSender(sender);
        context.addComponent("smtp", smtp);

        if (settings.httpEnabled()) {
            int port = config.getInt(HeraldConfig.HTTP_PORT);
            Ports.requireFree(port, "HTTP", "--port N");
            if (port == 0) {
                // camel-platform-http-vertx binds its router under the configured port but looks it up under
                // the bound one, so port 0 fails at startup (NoSuchBeanException): pick the free port here
                port = Ports.pickFree();
            }
            boundHttpPort = port;
            VertxPlatformHttpServerConfiguration http = new VertxPlatformHttpServerConfiguration();
            http.setBindHost(config.get(HeraldConfig.HTTP_HOST));
            http.setBindPort(port);
            // the largest request the ingestion API takes (a 4 MiB Segment batch); Vert.x answers 413 beyond it
            http.setMaxBodySize((long) SegmentTranslator.MAX_BATCH_BYTES);
            http.getBodyHandler().setHandleFileUploads(false);
            VertxPlatformHttpServer server = new VertxPlatformHttpServer(http);
            // platform-http runs each request on a Vert.x worker thread and the ingestion API holds it until the
            // broker commit (group commit): the worker pool bounds how many requests share one commit
            io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx(new io.vertx.core.VertxOptions()
                    .setWorkerPoolSize(HTTP_WORKER_THREADS));
            toClose.push(() -> vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
            // the server takes the Vertx from the registry (it ignores setVertx), and closes only one it made itself
            context.getRegistry().bind("herald-http-vertx", vertx);
            context.addService(server);
        }

        BatchJmsComponent batchJms = new BatchJmsComponent();
        if (!config.getBoolean(HeraldConfig.INGEST_COMMIT_WAIT)) {
            batchJms.setSessionCommitter(new ArtemisCommitWithoutWaiting());
        }
        context.addComponent(BatchJmsComponent.SCHEME, batchJms);
        HeraldRoutes.install(context, settings, processing, dispatcher, segmentChanges, HttpRoutes.PLATFORM_HTTP,
                new IngestSettings(config.get(HeraldConfig.API_KEY), config.get(HeraldConfig.SHOPIFY_SECRET),
                        config.get(HeraldConfig.HUBSPOT_SECRET)));
        if (settings.httpEnabled() && !config.isSet(HeraldConfig.API_KEY)) {
            LOG.warn("the HTTP tracking API (/v1/track, /v1/identify, ...) and the admin API (/v1/rules, /v1/reco,"
                    + " /v1/bounces, /v1/privacy) answer 503, and /v1/events/{crm,commerce} take events from anyone"
                    + " who reaches {}, until an API key is set: HERALD_API_KEY or -D{}=...",
                    config.get(HeraldConfig.HTTP_HOST), HeraldConfig.API_KEY);
        }
        if (crmEnrichment != null) {
            HeraldRoutes.installEnrichment(context, crmEnrichment, config.getMillis(HeraldConfig.CRM_SWEEP_PERIOD_MS));
        }
        HeraldRoutes.installEngagement(context, settings, engagement, HttpRoutes.PLATFORM_HTTP);
        if (settings.httpEnabled() && decisions instanceof CampaignDecisionService) {
            context.addRoutes(new RulesHttpRoutes(campaignPublisher(), new AdminApiKey(config.get(HeraldConfig.API_KEY))));
        }
        if (settings.httpEnabled() && recommendations != null) {
            context.addRoutes(new RecoHttpRoutes(recommendations, HttpRoutes.PLATFORM_HTTP,
                    new AdminApiKey(config.get(HeraldConfig.API_KEY))));
        }
        return context;
    }

    private Session mailSession() {
        Properties p = new Properties();
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "30000");
        p.put("mail.smtp.writetimeout", "30000");
        if (!config.getBoolean(HeraldConfig.SMTP_TLS)) {
            p.put("mail.smtp.socketFactory", new NoDelaySocketFactory());
        }
        if (config.getBoolean(HeraldConfig.SMTP_TLS)) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        if (config.isSet(HeraldConfig.SMTP_USER)) {
            p.put("mail.smtp.auth", "true");
        }
        return Session.getInstance(p);
    }

    public HeraldConfig config() {
        return config;
    }

    /** Where recipients reach the unsubscribe, tracking and opt-in endpoints: herald.public-url, or this server. */
    public String publicUrl() {
        String configured = config.get(HeraldConfig.PUBLIC_URL);
        if (!configured.isBlank()) {
            return configured;
        }
        // HTTP off (or not bound yet): links still go out, pointing where a Herald with HTTP on would serve them
        int port = boundHttpPort > 0 ? boundHttpPort : config.getInt(HeraldConfig.HTTP_PORT) > 0
                ? config.getInt(HeraldConfig.HTTP_PORT) : 8080;
        return "http://" + config.get(HeraldConfig.HTTP_HOST) + ":" + port;
    }

    /** The consent, tracking, bounce and privacy services this runtime wired. */
    /** The paused campaigns (ADR 0074): paused by the deliverability guard or by a person, resumed by a person. */
    public CampaignPauses campaignPauses() {
        return campaignPauses;
    }

    /** The latest scheduled check of the templates' links (ADR 0076); never run while the period is unset. */
    public dev.herald.routes.LinkCheckRoutes.Latest latestLinkCheck() {
        return latestLinkCheck;
    }

    /** The deliverability guard (ADR 0074): its policy, and each campaign's figures over its window. */
    public DeliverabilityGuard deliverabilityGuard() {
        return deliverabilityGuard;
    }

    public Engagement engagement() {
        return engagement;
    }

    public ConnectionFactory connectionFactory() {
        return connectionFactory;
    }

    /** The embedded broker, or null when an external one is configured. */
    public EmbeddedBroker broker() {
        return broker;
    }

    /** The embedded SMTP server, or null when an external one is configured. */
    public EmbeddedMailServer mailServer() {
        return mailServer;
    }

    public long outboxCount(OutboxMessage.Status status) {
        return dispatcher.count(status);
    }

    /** The recommendation engine, or null when {@code herald.reco.enabled} is false. */
    public LiveRecommendationService recommendations() {
        return recommendations;
    }

    public String ruleBaseVersion() {
        return decisions.ruleBaseVersion();
    }

    /** The running CamelContext, e.g. for benchmarks that time exchanges. */
    public CamelContext camel() {
        return camel;
    }

    /** The email templates the outbox renders from, with the console's edits (live on save). */
    /** A sync of {@code folder} with the other nodes on the database, caught up now: before events are taken. */
    private static FolderSync sync(SharedFolder folder, Transactions transactions) throws Exception {
        FolderSync sync = new FolderSync(folder, new PublishedRevisions(transactions, Clock.systemUTC(), folder.kind()),
                FolderSync.thisNode());
        sync.catchUp();
        return sync;
    }

    /** The runs of scheduled campaigns ({@code trigger.at}): their progress, and a way to run them now. */
    public ScheduledCampaignRuns scheduledRuns() {
        return scheduledRuns;
    }

    /** Publishes campaign edits into the campaigns folder and reloads the rule base from it. */
    public dev.herald.rules.campaign.CampaignPublisher campaignPublisher() {
        return campaignPublisher;
    }

    public TemplateLibrary templates() {
        return templates;
    }

    /** The camel-mail endpoint real emails go through (e.g. {@code smtp://127.0.0.1:2525}), for console test sends. */
    public String smtpEndpoint() {
        return smtpEndpoint;
    }

    /** The web console's user accounts, in the database ({@code herald users add}). */
    public dev.herald.routes.console.ConsoleUsers consoleUsers() {
        return consoleUsers;
    }

    /** Batches of events that failed and were applied again in parts since the start (ADR 0032), for the bench. */
    public long batchesRedone() {
        return processing == null ? 0 : processing.batchesRedone();
    }

    /** Messages on the dead-letter queue: the embedded broker's count, or browsed on an external broker; -1 unknown. */
    public long deadLetterDepth() {
        return queueDepth(RouteSettings.DEAD_LETTER_QUEUE).getAsLong();
    }

    /** Messages waiting on a queue: the embedded broker's count, or browsed on an external broker; -1 unknown. */
    private java.util.function.LongSupplier queueDepth(String queue) {
        if (broker != null) {
            return () -> broker.messageCount(queue);
        }
        return new dev.herald.routes.console.dashboard.JmsQueueDepth(connectionFactory, queue);
    }

    /** The HTTP port in use, or -1 when HTTP is off. */
    public int httpPort() {
        return httpPort;
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        while (!toClose.isEmpty()) {
            try {
                toClose.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        LOG.info("Herald stopped");
        if (first != null) {
            throw first;
        }
    }
}
