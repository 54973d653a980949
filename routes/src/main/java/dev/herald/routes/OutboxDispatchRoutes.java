package dev.herald.routes;

import org.apache.camel.builder.RouteBuilder;

/**
 * Sends what the outbox holds: a timer claims due emails, and each one goes through its own small route so
 * that one failure is recorded against that email only and the rest of the batch goes on.
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
        from("timer:herald-outbox?delay=0&period=" + settings.dispatchPeriod().toMillis()).routeId("outbox-poll")
                .process(dispatch::claimDue).id("claim-due-emails")
                .split(body()).id("each-due-email")
                    .to("direct:herald-send-email").id("send-each")
                .end();

        from("direct:herald-send-email").routeId("send-email")
                .routeConfigurationId(HeraldErrorHandling.DISPATCH)
                .process(dispatch::toMail).id("build-mail")
                .to(settings.smtpUri()).id("smtp-send")
                .process(dispatch::markSent).id("mark-sent");
    }
}
