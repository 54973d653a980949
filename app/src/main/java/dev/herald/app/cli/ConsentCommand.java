package dev.herald.app.cli;

import dev.herald.app.HeraldConfig;
import dev.herald.engine.consent.ConsentService;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code herald consent grant|request|withdraw|show}: email marketing consent with its source. */
@Command(name = "consent", mixinStandardHelpOptions = true,
        description = {"Email marketing consent per customer, with where it came from and when. 'request' starts"
                + " double opt-in: the consent is pending and a confirmation email with a signed link is queued;"
                + " only the click (and the button on the page it opens) grants it. Withdrawn or pending consent"
                + " stops marketing at decision and at send time."},
        subcommands = {ConsentCommand.Grant.class, ConsentCommand.Request.class, ConsentCommand.Withdraw.class,
                ConsentCommand.Show.class, CommandLine.HelpCommand.class})
public class ConsentCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    abstract static class OneCustomer implements Callable<Integer> {
        @Parameters(paramLabel = "CUSTOMER", description = "The customer id.")
        String customerId;

        @Option(names = "--source", defaultValue = "cli", description = "Where the statement came from (e.g. 'signup form 2026-11').")
        String source;

        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() throws Exception {
            HeraldConfig config = options.load(Map.of());
            try (ImportDatabase db = ImportDatabase.open(config)) {
                return run(new ConsentService(db.transactions(), Clock.systemUTC())
                        .withDefaultLocale(dev.herald.engine.delivery.SendGates.defaultLocale(config::get)));
            } catch (IllegalArgumentException | IllegalStateException e) {
                System.err.println(e.getMessage());
                return 1;
            }
        }

        abstract int run(ConsentService consents);
    }

    @Command(name = "grant", mixinStandardHelpOptions = true, description = "Record granted email consent (single opt-in).")
    static class Grant extends OneCustomer {
        @Override
        int run(ConsentService consents) {
            consents.grant(customerId, ConsentService.EMAIL, source, SuppressCommand.actor());
            System.out.println("email consent of " + customerId + " granted (" + source + ")");
            return 0;
        }
    }

    @Command(name = "request", mixinStandardHelpOptions = true,
            description = "Start double opt-in: pending consent and a confirmation email (sent by 'herald run').")
    static class Request extends OneCustomer {
        @Override
        int run(ConsentService consents) {
            long outboxId = consents.requestDoubleOptIn(customerId, source, SuppressCommand.actor());
            System.out.println("confirmation email queued for " + customerId + " (outbox message " + outboxId + ")");
            return 0;
        }
    }

    @Command(name = "withdraw", mixinStandardHelpOptions = true, description = "Record withdrawn email consent.")
    static class Withdraw extends OneCustomer {
        @Override
        int run(ConsentService consents) {
            consents.withdraw(customerId, ConsentService.EMAIL, source, SuppressCommand.actor());
            System.out.println("email consent of " + customerId + " withdrawn (" + source + ")");
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the customer's email consent.")
    static class Show extends OneCustomer {
        @Override
        int run(ConsentService consents) {
            consents.find(customerId, ConsentService.EMAIL).ifPresentOrElse(
                    c -> System.out.println(customerId + " email " + c.status().name().toLowerCase() + " since "
                            + c.updatedAt() + " (source: " + c.source() + ")"),
                    () -> System.out.println(customerId + ": no email consent record"));
            return 0;
        }
    }
}
