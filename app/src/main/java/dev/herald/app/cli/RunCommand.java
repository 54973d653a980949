package dev.herald.app.cli;

import dev.herald.app.HeraldConfig;
import dev.herald.app.HeraldRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code herald run}: Herald as a long-running service. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Start Herald as a long-running service: the embedded broker (or the configured one), the"
                + " database, the routes and the HTTP server on 127.0.0.1.",
                "Events go to the JMS queues herald.events.commerce and herald.events.crm (broker port 61616 by"
                        + " default), or are POSTed to /v1/events/commerce and /v1/events/crm (with"
                        + " 'Authorization: Bearer KEY' once herald.api.key / HERALD_API_KEY is set).",
                "The same key opens the tracking API (/v1/track ...) and the admin endpoints (/v1/rules, /v1/reco,"
                        + " /v1/bounces, /v1/privacy); without it they answer 503.",
                "Monitoring: GET /health, and GET /metrics in the Prometheus format (herald.metrics.enabled)."
                        + " Campaigns with trigger.at go out at their time (herald.schedule.period-ms).",
                "Emails go out in each customer's language where the template is translated (locale or language"
                        + " attribute, else herald.email.default-locale). With herald.webhooks.url set, every email"
                        + " sent, open, click, unsubscribe and conversion is posted there as signed JSON.",
                "Ctrl-C stops Herald cleanly: consumers stop, in-flight events finish, then everything shuts down."})
public class RunCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "N", description = "HTTP port (default 8080; 0 picks a free one).")
    Integer port;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        Map<String, String> extra = new HashMap<>();
        if (port != null) {
            extra.put(HeraldConfig.HTTP_PORT, port.toString());
        }
        HeraldConfig config = options.load(extra);
        HeraldRuntime runtime = HeraldRuntime.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            System.out.println("Stopping Herald (finishing in-flight work)...");
            try {
                runtime.close();
            } catch (Exception e) {
                System.err.println("herald: error while stopping: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "herald-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.printf("Herald %s is running. Data: %s. HTTP: %s. Press Ctrl-C to stop.%n", HeraldVersion.version(),
                config.dataDir(), runtime.httpPort() >= 0
                        ? "http://" + config.get(HeraldConfig.HTTP_HOST) + ":" + runtime.httpPort() + "/health" : "off");
        stopped.await();
        return 0;
    }
}
