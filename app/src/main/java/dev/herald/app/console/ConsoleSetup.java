package dev.herald.app.console;

import dev.herald.app.HeraldRuntime;
import dev.herald.engine.application.StoredCustomerFacts;
import dev.herald.engine.dashboard.DashboardQueries;
import dev.herald.engine.journey.JourneyService;
import dev.herald.engine.persistence.Transactions;
import dev.herald.routes.console.ConsoleModule;
import dev.herald.routes.console.ConsoleRoutes;
import dev.herald.routes.console.ConsoleUsers;
import dev.herald.routes.console.InMemoryConsoleSessions;
import dev.herald.routes.console.campaigns.CampaignsModule;
import dev.herald.routes.console.dashboard.DashboardModule;
import dev.herald.rules.campaign.CampaignDecisionService;

import dev.herald.engine.application.TemplatePreviews;
import dev.herald.engine.experiment.store.ExperimentService;
import dev.herald.routes.console.experiments.ExperimentsModule;
import dev.herald.routes.console.templates.TemplatesModule;

import java.util.ArrayList;
import java.util.List;

/** The standalone runtime's web console: its areas, built with the services they show. */
public final class ConsoleSetup {

    private ConsoleSetup() {
    }

    /** @param sessionIdle how long a session lasts without a request ({@code herald.console.session-idle}) */
    public static ConsoleRoutes routes(String httpComponent, ConsoleUsers users, java.time.Duration sessionIdle,
                                       List<ConsoleModule> modules) {
        return new ConsoleRoutes(httpComponent, users,
                new InMemoryConsoleSessions(java.time.Clock.systemUTC(), sessionIdle), modules,
                new dev.herald.routes.console.LoginThrottle());
    }

    /** One line per console area; each area gets the services it needs. */
    public static List<ConsoleModule> modules(HeraldRuntime runtime, Transactions transactions,
                                              CampaignDecisionService campaigns, JourneyService journeys) {
        List<ConsoleModule> modules = new ArrayList<>();
        modules.add(campaigns(runtime, transactions, journeys));
        modules.add(new TemplatesModule(runtime.templates(), new TemplatePreviews(transactions).withDefaultLocale(
                dev.herald.engine.delivery.SendGates.defaultLocale(runtime.config()::get)),
                dev.herald.routes.console.templates.CamelTestMailer.of(runtime.camel(), runtime::smtpEndpoint,
                runtime.config().get(dev.herald.app.HeraldConfig.MAIL_FROM)))
                .withPreferencesLink(() -> !campaigns.topics().get().isEmpty()).withAudit(transactions)
                .withLinkChecker(dev.herald.templates.LinkChecker.skippingHeraldAt(runtime::publicUrl)));
        modules.add(new ExperimentsModule(new ExperimentService(transactions, java.time.Clock.systemUTC()))
                .withGlobalControl(campaigns.globalControl(), transactions));
        modules.add(new dev.herald.routes.console.reports.ReportsModule(transactions, java.time.Clock.systemUTC())
                .withClickMap(campaign -> java.util.Optional.ofNullable(campaigns.holder().current().campaigns()
                        .get(campaign)).map(dev.herald.rules.campaign.CampaignDefinition::template),
                        runtime.templates()));
        modules.add(new dev.herald.routes.console.calendar.CalendarModule(new dev.herald.engine.schedule.CampaignCalendar(
                transactions, campaigns.scheduledCampaigns()), java.time.Clock.systemUTC()));
        modules.add(new dev.herald.routes.console.audit.AuditModule(new dev.herald.engine.audit.AuditTrail(transactions)));
        modules.add(new DashboardModule(new DashboardQueries(transactions, java.time.Clock.systemUTC()),
                runtime::deadLetterDepth, campaigns::ruleBaseVersion).withPauses(runtime.campaignPauses())
                .withLinkCheck(runtime.latestLinkCheck()));
        CustomersSegmentsDelivery.add(modules, runtime, transactions);
        return modules;
    }

    /** Campaigns: edits and publishes go through the same store and reload as the folder watcher (ADR 0028). */
    private static ConsoleModule campaigns(HeraldRuntime runtime, Transactions transactions, JourneyService journeys) {
        return new CampaignsModule(runtime.campaignPublisher(), journeys, new StoredCustomerFacts(transactions),
                runtime.recommendations(), runtime.campaignPauses(), transactions, java.time.Clock.systemUTC());
    }
}
