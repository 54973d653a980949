package dev.herald.app.console;

import dev.herald.app.HeraldRuntime;
import dev.herald.engine.customer.CustomerDirectory;
import dev.herald.engine.delivery.DeliveryOverview;
import dev.herald.engine.persistence.Transactions;
import dev.herald.engine.segment.SegmentOverview;
import dev.herald.routes.RouteSettings;
import dev.herald.routes.console.ConsoleModule;
import dev.herald.routes.console.customers.CustomersModule;
import dev.herald.routes.console.delivery.DeadLetters;
import dev.herald.routes.console.delivery.DeliveryModule;
import dev.herald.routes.console.segments.SegmentsModule;

import java.time.Clock;
import java.util.List;
import java.util.Set;

/** The console's customers, segments and delivery areas, built from the standalone runtime's services. */
final class CustomersSegmentsDelivery {

    private CustomersSegmentsDelivery() {
    }

    static void add(List<ConsoleModule> modules, HeraldRuntime runtime, Transactions transactions) {
        var recommendations = runtime.recommendations();
        modules.add(new CustomersModule(new CustomerDirectory(transactions), runtime.engagement().privacy(),
                recommendations == null ? null : recommendations::facts));
        modules.add(new SegmentsModule(new SegmentOverview(transactions)).withExports(transactions));
        var webhookStatus = new dev.herald.engine.webhook.WebhookRelay(transactions, Clock.systemUTC(), "console");
        boolean webhooksOn = dev.herald.routes.WebhookSettings.from(runtime.config()::get).isPresent();
        modules.add(new DeliveryModule(new DeliveryOverview(transactions, Clock.systemUTC()),
                new DeadLetters(runtime.connectionFactory(), RouteSettings.DEAD_LETTER_QUEUE,
                        Set.of(RouteSettings.COMMERCE_QUEUE, RouteSettings.CRM_QUEUE)),
                runtime.deliverabilityGuard(), runtime.campaignPauses(), transactions, Clock.systemUTC())
                .withWebhooks(() -> webhooksOn ? webhookStatus.status() : java.util.Optional.empty()));
    }
}
