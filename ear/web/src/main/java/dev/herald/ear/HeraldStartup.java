package dev.herald.ear;

import dev.herald.engine.application.EventProcessingService;
import dev.herald.engine.application.RecommendationSource;
import dev.herald.engine.application.SegmentChangeFeed;
import dev.herald.engine.delivery.OutboxDispatcher;
import dev.herald.engine.delivery.SendGate;
import dev.herald.engine.delivery.SendGates;
import dev.herald.engine.journey.JourneyService;
import dev.herald.engine.enrichment.CrmEnrichment;
import dev.herald.engine.persistence.DatabaseMigrator;
import dev.herald.engine.persistence.Transactions;
import dev.herald.engine.sharing.FolderSync;
import dev.herald.engine.sharing.PublishedRevisions;
import dev.herald.engine.sharing.SharedFolder;
import dev.herald.engine.segment.OrderSegmentRefresh;
import dev.herald.engine.reco.LiveRecommendationService;
import dev.herald.routes.HeraldRoutes;
import dev.herald.routes.AdminApiKey;
import dev.herald.routes.FolderSyncRoutes;
import dev.herald.routes.RecoHttpRoutes;
import dev.herald.routes.RouteSettings;
import dev.herald.engine.access.ConsoleAccounts;
import dev.herald.engine.dashboard.DashboardQueries;
import dev.herald.routes.console.ConsoleModule;
import dev.herald.routes.console.ConsoleRoutes;
import dev.herald.routes.console.ConsoleSettings;
import dev.herald.routes.console.DatabaseConsoleUsers;
import dev.herald.routes.console.InMemoryConsoleSessions;
import dev.herald.routes.console.LoginThrottle;
import dev.herald.routes.console.PasswordHasher;
import dev.herald.routes.console.dashboard.DashboardModule;
import dev.herald.routes.console.dashboard.JmsQueueDepth;
import dev.herald.routes.metrics.HeraldMetrics;
import dev.herald.routes.metrics.MetricsRoutes;
import dev.herald.engine.application.StoredCustomerFacts;
import dev.herald.engine.application.TemplatePreviews;
import dev.herald.engine.customer.CustomerDirectory;
import dev.herald.engine.delivery.DeliveryOverview;
import dev.herald.engine.experiment.store.ExperimentService;
import dev.herald.engine.segment.SegmentOverview;
import dev.herald.routes.console.campaigns.CampaignsModule;
import dev.herald.routes.console.customers.CustomersModule;
import dev.herald.routes.console.delivery.DeadLetters;
import dev.herald.routes.console.delivery.DeliveryModule;
import dev.herald.routes.console.experiments.ExperimentsModule;
import dev.herald.routes.console.segments.SegmentsModule;
import dev.herald.routes.console.templates.TemplatesModule;
import dev.herald.rules.campaign.CampaignDecisionService;
import dev.herald.rules.campaign.CampaignLoader;
import dev.herald.rules.campaign.CampaignFolder;
import dev.herald.rules.campaign.CampaignPublisher;
import dev.herald.rules.campaign.CampaignStore;
import dev.herald.rules.campaign.Catalog;
import dev.herald.rules.campaign.RuleBaseHolder;
import dev.herald.templates.MustacheTemplateRenderer;
import dev.herald.templates.TemplateFolder;
import dev.herald.templates.TemplateLibrary;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.jms.ConnectionFactory;
import jakarta.mail.Session;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import jakarta.transaction.TransactionManager;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Herald inside WildFly: builds the same CamelContext as the standalone runtime ({@code HeraldRuntime}) from
 * the server's resources — the broker's ConnectionFactory and the queues, the JTA persistence unit over the
 * datasource, the mail session — all created by {@code docker/wildfly/herald.cli}. HTTP is the container's,
 * through camel-servlet. Bean-managed transactions, so start-up (Flyway, rule compilation) runs outside a
 * container transaction; each unit of work of the engine gets its own through {@link JtaTransactions}.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class HeraldStartup {

    static final String CONNECTION_FACTORY = "java:/ConnectionFactory";
    static final String DATASOURCE = "java:jboss/datasources/HeraldDS";
    static final String MAIL_SESSION = "java:jboss/mail/herald";
    private static final Logger LOG = LoggerFactory.getLogger(HeraldStartup.class);
    private static final java.time.Duration JOURNEY_SWEEP_PERIOD = java.time.Duration.ofSeconds(1);
    private static final int JOURNEY_BATCH = 100;
    private static final int SHUTDOWN_TIMEOUT_SECONDS = 30;

    @Resource(lookup = CONNECTION_FACTORY)
    private ConnectionFactory connectionFactory;

    @Resource(lookup = DATASOURCE)
    private DataSource dataSource;

    @PersistenceUnit(unitName = "herald")
    private EntityManagerFactory entityManagerFactory;

    @Resource(lookup = "java:/TransactionManager")
    private TransactionManager transactionManager;

    @Resource(lookup = MAIL_SESSION)
    private Session mailSession;

    private CamelContext camel;
    private LiveRecommendationService recommendations;
    private EarCrmSettings crm;
    private CrmEnrichment crmEnrichment;
    private EarConsent consent;
    private dev.herald.engine.delivery.CampaignPauses campaignPauses;
    private dev.herald.engine.delivery.DeliverabilityGuard deliverabilityGuard;
    private final dev.herald.routes.LinkCheckRoutes.Latest latestLinkCheck = new dev.herald.routes.LinkCheckRoutes.Latest();
    private RuleBaseHolder ruleBase;

    @PostConstruct
    void start() {
        try {
            EarSettings config = EarSettings.fromEnvironment();
            DatabaseMigrator.migrate(dataSource);
            Transactions transactions = new JtaTransactions(transactionManager, entityManagerFactory);
            // campaigns and template edits live in folders the console writes (EarFolders), so they survive a redeploy
            EarFolders folders = EarFolders.fromEnvironment();
            CampaignStore campaignStore = folders.campaignStore();
            CampaignLoader campaignLoader = new CampaignLoader(
                    new Catalog(Catalog.ENGINE_SEGMENTS, new MustacheTemplateRenderer()::exists));
            CampaignDecisionService decisions = EarFolders.decisions(campaignStore, campaignLoader);
            ruleBase = decisions.holder();
            LOG.info("rule base {} loaded", decisions.ruleBaseVersion());
            TemplateLibrary templates = TemplateLibrary.open(folders.templates());
            SendGates timing = SendGates.fromSettings(EarSettings::lookup, decisions.capLimits());
            JourneyService journeys = new JourneyService(transactions, decisions.journeys(), Clock.systemUTC(),
                    timing.defaultZone(), JourneyService.DEFAULT_LEASE).withDefaultLocale(timing.defaultLocale());
            // recommendations from the herald.reco.* settings, as standalone (retrained on a schedule and by
            // POST /v1/reco/retrain); herald.reco.enabled=false turns them off
            recommendations = EarSettings.recommendationsFromEnvironment()
                    .map(reco -> LiveRecommendationService.start(dataSource, reco)).orElse(null);
            EventProcessingService processing = new EventProcessingService(transactions, decisions,
                    Clock.systemUTC(), OrderSegmentRefresh.RFM, journeys,
                    recommendations == null ? RecommendationSource.NONE : recommendations)
                    .withConversionWindow(EarSettings.conversionWindow(EarSettings::lookup))
                    .withBatchPrefetch(EarSettings.ingestBatchPrefetch(EarSettings::lookup))
                    .withDefaultLocale(timing.defaultLocale());
            consent = new EarConsent(transactions, decisions.transactionalCampaigns(), decisions.topics(),
                    decisions.topicTranslations());
            // a click moves journeys waiting for one; an unsubscribe ends those that exit on it
            consent.engagement.engagement().withListener(journeys.engagementSignals());
            // a campaign whose emails bounce or draw spam complaints too often is paused until a person resumes
            // it (ADR 0074): each attributed bounce or complaint is weighed as it is recorded
            campaignPauses = new dev.herald.engine.delivery.CampaignPauses(transactions, Clock.systemUTC());
            deliverabilityGuard = new dev.herald.engine.delivery.DeliverabilityGuard(
                    decisions.deliverabilityPolicy(), decisions.transactionalCampaigns(), campaignPauses);
            consent.engagement.bounces().withGuard(deliverabilityGuard);
            // send-time gates in order: a paused campaign's emails wait first (ADR 0074), then suppression (a
            // suppressed address spends no allowance), frequency caps, quiet hours, throttle last (it spends tokens);
            // a subscription topic the customer left is suppressed like an unsubscribe (ADR 0063); so is marketing
            // email to customers who stopped reading it (ADR 0070); a campaign sent at each customer's best hour
            // waits for it (ADR 0065)
            List<SendGate> gates = SendGates.chain(campaignPauses.gate(), consent.gate,
                    dev.herald.engine.consent.TopicPreferences.gate(decisions.topicOf()), new dev.herald.engine.delivery.SunsetGate(decisions.sunsetPolicy(),
                    decisions.transactionalCampaigns(), decisions.includesUnengaged()),
                    new dev.herald.engine.delivery.BestHourGate(decisions.sendsAtBestHour(),
                    timing.defaultZone()), timing.caps(), timing.quietHours(), timing.throttle());
            crm = EarCrmSettings.fromEnvironment().orElse(null); // null: no herald.crm.url
            if (crm != null) {
                crmEnrichment = new CrmEnrichment(crm.settings(), transactions, Clock.systemUTC());
                processing.withEnrichment(crmEnrichment);
            }
            // the outbox renders from the library, so a template saved in the console is what the next email uses
            OutboxDispatcher dispatcher = new OutboxDispatcher(transactions, templates,
                    Clock.systemUTC(), OutboxDispatcher.RetryPolicy.defaults(), gates)
                    .withHooks(consent.hooks);
            RouteSettings settings = new RouteSettings(RouteSettings.COMMERCE_QUEUE, RouteSettings.CRM_QUEUE,
                    RouteSettings.DEAD_LETTER_QUEUE, config.consumers(), smtpUri(mailSession),
                    config.fromAddress(), config.dispatchPeriod(), config.dispatchBatch(), true)
                    .withIngestBatchSize(EarSettings.ingestBatchSize(EarSettings::lookup));
            CampaignPublisher publisher = new CampaignPublisher(campaignStore, campaignLoader, decisions.holder());
            // servers sharing this database share the campaigns and template edits published in any of their
            // consoles, caught up before this one takes events (ADR 0059)
            java.time.Duration syncPeriod = EarSettings.syncPeriod(EarSettings::lookup);
            List<FolderSync> syncs = new java.util.ArrayList<>();
            if (!syncPeriod.isZero()) {
                String node = EarSettings.lookup("herald.node.id");
                for (SharedFolder folder : List.of(new CampaignFolder(publisher), new TemplateFolder(templates))) {
                    FolderSync sync = new FolderSync(folder, new PublishedRevisions(transactions, Clock.systemUTC(),
                            folder.kind()), node == null ? FolderSync.thisNode() : node);
                    sync.catchUp();
                    syncs.add(sync);
                }
            }
            camel = camel(settings, processing, dispatcher, new SegmentChangeFeed(transactions, processing));
            console(camel, transactions, settings, journeys, publisher, templates);
            if (!syncs.isEmpty()) {
                camel.addRoutes(new FolderSyncRoutes(syncs, syncPeriod));
            }
            HeraldRoutes.installJourneys(camel, journeys, JOURNEY_SWEEP_PERIOD, JOURNEY_BATCH);
            // campaigns sent at a set time (trigger.at), one server at a time per run under a lease (ADR 0061)
            java.time.Duration schedulePeriod = EarSettings.schedulePeriod(EarSettings::lookup);
            if (!schedulePeriod.isZero()) {
                String node = EarSettings.lookup("herald.node.id");
                camel.addRoutes(new dev.herald.routes.ScheduledCampaignRoutes(
                        new dev.herald.engine.schedule.ScheduledCampaignRuns(transactions, processing,
                                decisions.scheduledCampaigns(), Clock.systemUTC(),
                                EarSettings.scheduleMaxLate(EarSettings::lookup),
                                node == null ? FolderSync.thisNode() : node), schedulePeriod));
            }
            // what became of the emails, posted to the shop's systems as signed batches (HERALD_WEBHOOKS_*, ADR 68)
            var webhooks = dev.herald.routes.WebhookSettings.from(EarSettings::lookup);
            if (webhooks.isPresent()) {
                String node = EarSettings.lookup("herald.node.id");
                dev.herald.routes.WebhookRoutes.install(camel, transactions, webhooks.get(),
                        node == null ? FolderSync.thisNode() : node);
            }
            // counts for operators at GET /metrics (herald.metrics.enabled), backlogs read when scraped (ADR 62)
            HeraldMetrics.of(camel).watchPauses(campaignPauses);
            HeraldMetrics.of(camel).watchQueues(Map.of(
                    RouteSettings.CRM_QUEUE, new JmsQueueDepth(connectionFactory, RouteSettings.CRM_QUEUE),
                    RouteSettings.COMMERCE_QUEUE, new JmsQueueDepth(connectionFactory, RouteSettings.COMMERCE_QUEUE),
                    RouteSettings.DEAD_LETTER_QUEUE, new JmsQueueDepth(connectionFactory,
                            RouteSettings.DEAD_LETTER_QUEUE)));
            if (!"false".equalsIgnoreCase(EarSettings.lookup("herald.metrics.enabled"))) {
                camel.addRoutes(new MetricsRoutes("servlet"));
            }
            // experiments whose auto-winner is on (console setting) are evaluated hourly, as standalone by default
            camel.addRoutes(new dev.herald.routes.AutoWinnerRoutes(new dev.herald.engine.experiment.store
                    .ExperimentService(transactions, Clock.systemUTC()), java.time.Duration.ofHours(1)));
            // who will buy again, refitted daily unless HERALD_LIFETIME_PERIOD says otherwise (ADR 0072)
            String lifetimeSetting = EarSettings.lookup("herald.lifetime.period");
            var lifetimePeriod = dev.herald.routes.LifetimeRoutes.period(lifetimeSetting == null
                    ? dev.herald.routes.LifetimeRoutes.DEFAULT_PERIOD : lifetimeSetting);
            if (lifetimePeriod.isPresent()) {
                camel.addRoutes(new dev.herald.routes.LifetimeRoutes(new dev.herald.engine.lifetime.LifetimeService(
                        transactions), lifetimePeriod.get(), Clock.systemUTC()));
            }
            // every template's links checked on a schedule when HERALD_LINKS_CHECK_PERIOD is set (ADR 0076)
            var linkChecks = dev.herald.routes.LinkCheckRoutes.period(EarSettings.lookup("herald.links.check-period"));
            if (linkChecks.isPresent()) {
                camel.addRoutes(new dev.herald.routes.LinkCheckRoutes(templates,
                        dev.herald.templates.LinkChecker.skippingHeraldAt(EarConsent::publicUrl), linkChecks.get(),
                        latestLinkCheck, Clock.systemUTC()));
                HeraldMetrics.of(camel).watchLinks(latestLinkCheck);
            }
            // behavioural data older than HERALD_RETENTION_PERIOD removed daily (ADR 0078); off unless set
            var retention = dev.herald.routes.RetentionRoutes.period(EarSettings.lookup("herald.retention.period"));
            if (retention.isPresent()) {
                camel.addRoutes(new dev.herald.routes.RetentionRoutes(new dev.herald.engine.privacy.RetentionService(
                        transactions), retention.get(), Clock.systemUTC()));
            }
            // engagement scores recomputed hourly unless HERALD_SCORING_PERIOD says otherwise (ADR 0075)
            String scoringSetting = EarSettings.lookup("herald.scoring.period");
            var scoringPeriod = dev.herald.routes.ScoringRoutes.period(scoringSetting == null
                    ? dev.herald.routes.ScoringRoutes.DEFAULT_PERIOD : scoringSetting);
            if (scoringPeriod.isPresent()) {
                camel.addRoutes(new dev.herald.routes.ScoringRoutes(new dev.herald.engine.scoring.ScoringService(
                        transactions), decisions.scoringPolicy(), scoringPeriod.get(), Clock.systemUTC()));
            }
            camel.start();
            LOG.info("Herald is up in WildFly: events on {} and {}, dead letters on {}, SMTP {} (mail session {})",
                    settings.commerceQueue(), settings.crmQueue(), settings.deadLetterQueue(), settings.smtpUri(),
                    MAIL_SESSION);
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("Herald failed to start: " + e.getMessage(), e);
        }
    }

    private CamelContext camel(RouteSettings settings, EventProcessingService processing,
                               OutboxDispatcher dispatcher, SegmentChangeFeed segmentChanges) throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getCamelContextExtension().setName("herald");
        context.getShutdownStrategy().setTimeout(SHUTDOWN_TIMEOUT_SECONDS);
        context.getShutdownStrategy().setTimeUnit(TimeUnit.SECONDS);

        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(connectionFactory);
        context.addComponent("jms", jms);

        MailComponent smtp = new MailComponent(context);
        smtp.getConfiguration().setSession(mailSession);
        context.addComponent("smtp", smtp);

        dev.herald.routes.ingest.IngestSettings ingest = EarSettings.ingestFromEnvironment();
        if (ingest.apiKey().isEmpty()) {
            LOG.warn("no herald.api.key (HERALD_API_KEY): the tracking and admin APIs answer 503, and"
                    + " /v1/events/{crm,commerce} take events from anyone who reaches this server");
        }
        HeraldRoutes.install(context, settings, processing, dispatcher, segmentChanges, "servlet", ingest);
        if (recommendations != null) {
            context.addRoutes(new RecoHttpRoutes(recommendations, "servlet",
                    new AdminApiKey(consent.engagement.apiKey())));
        }
        if (crmEnrichment != null) {
            HeraldRoutes.installEnrichment(context, crmEnrichment, crm.sweepPeriod());
        }
        HeraldRoutes.installEngagement(context, settings, consent.engagement, "servlet");
        return context;
    }

    /**
     * The web console at {@code /console} through camel-servlet, with the users in the database ({@code herald users
     * add} against the same database, or the first admin from {@code HERALD_CONSOLE_ADMIN} and
     * {@code HERALD_CONSOLE_ADMIN_PASSWORD} when there is no user yet), and every area of the standalone console
     * built on the server's resources: a publish reloads this rule base (the last good version keeps running when
     * it does not compile), template saves are what the outbox renders next, test sends go out through the mail
     * session, and dead letters are browsed and replayed over {@code java:/ConnectionFactory}, which allows the
     * local JMS transaction a replay needs outside JTA (ADR 0030).
     */
    private void console(CamelContext context, Transactions transactions, RouteSettings settings,
                         JourneyService journeys, CampaignPublisher publisher, TemplateLibrary templates)
            throws Exception {
        String enabled = EarSettings.lookup("herald.console.enabled");
        if (enabled != null && !Boolean.parseBoolean(enabled)) {
            LOG.info("web console off (herald.console.enabled=false)");
            return;
        }
        DatabaseConsoleUsers users = new DatabaseConsoleUsers(new ConsoleAccounts(transactions, Clock.systemUTC()),
                new PasswordHasher());
        EarConsoleAdmin.createFirstAdmin(users, EarSettings.lookup(EarConsoleAdmin.NAME),
                EarSettings.lookup(EarConsoleAdmin.PASSWORD));
        Clock clock = Clock.systemUTC();
        List<ConsoleModule> modules = new ArrayList<>();
        modules.add(new DashboardModule(new DashboardQueries(transactions, clock),
                new JmsQueueDepth(connectionFactory, RouteSettings.DEAD_LETTER_QUEUE),
                () -> publisher.holder().current().version()).withPauses(campaignPauses)
                .withLinkCheck(latestLinkCheck));
        modules.add(new CampaignsModule(publisher, journeys, new StoredCustomerFacts(transactions), recommendations,
                campaignPauses, transactions, clock));
        modules.add(new TemplatesModule(templates, new TemplatePreviews(transactions)
                .withDefaultLocale(SendGates.defaultLocale(EarSettings::lookup)),
                dev.herald.routes.console.templates.CamelTestMailer.of(context, settings::smtpUri,
                        settings.fromAddress())).withPreferencesLink(() -> !publisher.holder().current().settings()
                .topics().isEmpty()).withAudit(transactions)
                .withLinkChecker(dev.herald.templates.LinkChecker.skippingHeraldAt(EarConsent::publicUrl)));
        modules.add(new ExperimentsModule(new ExperimentService(transactions, clock))
                .withGlobalControl(() -> publisher.holder().current().settings().globalControl(), transactions));
        modules.add(new dev.herald.routes.console.reports.ReportsModule(transactions, clock).withClickMap(
                campaign -> java.util.Optional.ofNullable(publisher.holder().current().campaigns().get(campaign))
                        .map(dev.herald.rules.campaign.CampaignDefinition::template), templates));
        modules.add(new dev.herald.routes.console.calendar.CalendarModule(new dev.herald.engine.schedule.CampaignCalendar(
                transactions, new dev.herald.rules.campaign.CampaignDecisionService(publisher.holder())
                .scheduledCampaigns()), clock));
        modules.add(new dev.herald.routes.console.audit.AuditModule(new dev.herald.engine.audit.AuditTrail(transactions)));
        modules.add(new CustomersModule(new CustomerDirectory(transactions), consent.engagement.privacy(),
                recommendations == null ? null : recommendations::facts)); // null: herald.reco.enabled=false
        modules.add(new SegmentsModule(new SegmentOverview(transactions)).withExports(transactions));
        var webhookStatus = new dev.herald.engine.webhook.WebhookRelay(transactions, clock, "console");
        boolean webhooksOn = dev.herald.routes.WebhookSettings.from(EarSettings::lookup).isPresent();
        modules.add(new DeliveryModule(new DeliveryOverview(transactions, clock), new DeadLetters(connectionFactory,
                RouteSettings.DEAD_LETTER_QUEUE, Set.of(RouteSettings.COMMERCE_QUEUE, RouteSettings.CRM_QUEUE)),
                deliverabilityGuard, campaignPauses, transactions, clock)
                .withWebhooks(() -> webhooksOn ? webhookStatus.status() : java.util.Optional.empty()));
        context.addRoutes(new ConsoleRoutes("servlet", users, new InMemoryConsoleSessions(Clock.systemUTC(),
                ConsoleSettings.sessionIdle(EarSettings.lookup(ConsoleSettings.SESSION_IDLE))), modules,
                new LoginThrottle()));
    }

    /**
     * camel-mail connects to the host and port of its endpoint URI, not the session's, so the URI is built from
     * the session the server configured (outbound socket binding {@code herald-smtp}).
     */
    static String smtpUri(Session session) {
        String host = session.getProperty("mail.smtp.host");
        String port = session.getProperty("mail.smtp.port");
        if (host == null || host.isBlank()) {
            throw new IllegalStateException("mail session " + MAIL_SESSION + " has no SMTP server (mail.smtp.host)");
        }
        return "smtp://" + host + (port == null || port.isBlank() ? "" : ":" + port);
    }

    @PreDestroy
    void stop() {
        if (camel != null) {
            LOG.info("stopping Herald: consumers first, in-flight events finish (up to {} s)",
                    SHUTDOWN_TIMEOUT_SECONDS);
            camel.stop();
            camel = null;
            LOG.info("Herald stopped");
        }
        if (recommendations != null) {
            recommendations.close();
            recommendations = null;
        }
        if (ruleBase != null) {
            ruleBase.close(); // its compiler thread
            ruleBase = null;
        }
    }
}
