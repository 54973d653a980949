package dev.herald.ear;

import dev.herald.engine.application.EventProcessingService;
import dev.herald.engine.application.SegmentChangeFeed;
import dev.herald.engine.decision.DecisionService;
import dev.herald.engine.delivery.OutboxDispatcher;
import dev.herald.engine.persistence.DatabaseMigrator;
import dev.herald.engine.persistence.Transactions;
import dev.herald.engine.segment.OrderSegmentRefresh;
import dev.herald.routes.HeraldRoutes;
import dev.herald.routes.RouteSettings;
import dev.herald.rules.campaign.CampaignDecisionService;
import dev.herald.rules.campaign.Catalog;
import dev.herald.templates.MustacheTemplateRenderer;
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

    @PostConstruct
    void start() {
        try {
            EarSettings config = EarSettings.fromEnvironment();
            DatabaseMigrator.migrate(dataSource);
            Transactions transactions = new JtaTransactions(transactionManager, entityManagerFactory);
            DecisionService decisions = CampaignDecisionService.builtIn(
                    new Catalog(Catalog.RFM_SEGMENTS, new MustacheTemplateRenderer()::exists));
            LOG.info("rule base {} loaded", decisions.ruleBaseVersion());
            EventProcessingService processing = new EventProcessingService(transactions, decisions,
                    Clock.systemUTC(), OrderSegmentRefresh.RFM);
            OutboxDispatcher dispatcher = new OutboxDispatcher(transactions, new MustacheTemplateRenderer(),
                    Clock.systemUTC(), OutboxDispatcher.RetryPolicy.defaults());
            RouteSettings settings = new RouteSettings(RouteSettings.COMMERCE_QUEUE, RouteSettings.CRM_QUEUE,
                    RouteSettings.DEAD_LETTER_QUEUE, config.consumers(), smtpUri(mailSession),
                    config.fromAddress(), config.dispatchPeriod(), config.dispatchBatch(), true);
            camel = camel(settings, processing, dispatcher, new SegmentChangeFeed(transactions, processing));
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

        HeraldRoutes.install(context, settings, processing, dispatcher, segmentChanges, "servlet",
                EarSettings.ingestFromEnvironment());
        return context;
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
    }
}
