package dev.herald.routes;

import org.apache.camel.builder.RouteBuilder;

/**
 * Sends what the outbox holds: a timer claims due emails, and each one goes through its own small route so
 * that one failure is recorded against that email only and the rest of the batch goes on. With
 * {@link RouteSettings#dispatchThreads()} above one there are that many timers, each its own thread: they claim
 * disjoint rows (SKIP LOCKED and leases), render, send over their own SMTP connection and mark sent in parallel,
 * since one thread mostly waits on SMTP round trips and commits (ADR 0026).
 */
public class OutboxDispatchRoutes extends RouteBuilder {

    private final RouteSettings settings;
    private final EmailDispatch dispatch;

    public OutboxDispatchRoutes(RouteSettings settings, EmailDispatch dispatch) {
        this.settings = settings;
        this.dispatch = dispatch;
    }

    @Override
    public void configure() {
        for (int thread = 1; thread <= settings.dispatchThreads(); thread++) {
            String suffix = thread == 1 ? "" : "-" + thread;
            from("timer:herald-outbox" + suffix + "?delay=0&period=" + settings.dispatchPeriod().toMillis())
                    .routeId("outbox-poll" + suffix)
                    .process(dispatch::claimDue).id("claim-due-emails" + suffix)
                    .split(body()).id("each-due-email" + suffix)
                        .to("direct:herald-send-email").id("send-each" + suffix)
                    .end();
        }

        // an email whose lease another claim took while the batch was being sent is that claim's to send
        from("direct:herald-send-email").routeId("send-email")
                .routeConfigurationId(HeraldErrorHandling.DISPATCH)
                .filter(dispatch::holdLease).id("hold-lease")
                    .process(dispatch::toMail).id("build-mail")
                    .to(settings.smtpUri()).id("smtp-send")
                    .process(dispatch::markSent).id("mark-sent")
                .end();
    }
}
