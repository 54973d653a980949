package dev.herald.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.engine.consent.EmailAddresses;
import dev.herald.engine.consent.Suppression;
import dev.herald.engine.consent.SuppressionList;
import dev.herald.engine.consent.SuppressionReason;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code herald suppress add|remove|list}: the suppression list by hand. */
@Command(name = "suppress", mixinStandardHelpOptions = true,
        description = {"Manage the suppression list: addresses Herald never sends marketing to (bounced and"
                + " complained ones get nothing at all). It is checked when a campaign decides and again when the"
                + " email is about to be sent. Unsubscribes, bounces and complaints add entries by themselves;"
                + " every change is written to the audit log."},
        subcommands = {SuppressCommand.Add.class, SuppressCommand.Remove.class, SuppressCommand.ListEntries.class,
                CommandLine.HelpCommand.class})
public class SuppressCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static String actor() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Suppress an address (normalised: trimmed, lower case). Example: herald suppress add"
                    + " ann@example.com --reason complained --note 'ticket 4711'")
    static class Add implements Callable<Integer> {
        @Parameters(paramLabel = "ADDRESS", description = "The email address.")
        String address;

        @Option(names = "--reason", defaultValue = "manual",
                description = "manual (default), unsubscribed, bounced or complained.")
        String reason;

        @Option(names = "--note", defaultValue = "", description = "Why, for the record.")
        String note;

        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() throws Exception {
            SuppressionReason r;
            try {
                r = SuppressionReason.valueOf(reason.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                System.err.println("unknown reason '" + reason + "': use manual, unsubscribed, bounced or complained");
                return 2;
            }
            try {
                EmailAddresses.normalise(address);
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            try (ImportDatabase db = ImportDatabase.open(options.load(Map.of()))) {
                boolean added = new SuppressionList(db.transactions(), Clock.systemUTC())
                        .add(address, r, "cli", note, actor());
                System.out.println(added ? "suppressed " + address.strip().toLowerCase(Locale.ROOT) + " (" + r.name().toLowerCase(Locale.ROOT) + ")"
                        : address.strip() + " was already suppressed; unchanged");
                return 0;
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Take an address off the suppression list (e.g. the customer subscribed again).")
    static class Remove implements Callable<Integer> {
        @Parameters(paramLabel = "ADDRESS", description = "The email address.")
        String address;

        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() throws Exception {
            try (ImportDatabase db = ImportDatabase.open(options.load(Map.of()))) {
                boolean removed = new SuppressionList(db.transactions(), Clock.systemUTC()).remove(address, actor());
                System.out.println(removed ? "removed " + address.strip() + " from the suppression list"
                        : address.strip() + " was not suppressed");
                return removed ? 0 : 1;
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every suppressed address, newest first: address (or its hash once its customer was"
                    + " erased), reason, source, when.")
    static class ListEntries implements Callable<Integer> {
        @Option(names = "--json", description = "Print a JSON array instead of a table.")
        boolean json;

        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() throws Exception {
            List<Suppression> entries;
            try (ImportDatabase db = ImportDatabase.open(options.load(Map.of()))) {
                entries = new SuppressionList(db.transactions(), Clock.systemUTC()).list();
            }
            if (json) {
                ObjectMapper mapper = new ObjectMapper();
                ArrayNode out = mapper.createArrayNode();
                for (Suppression s : entries) {
                    ObjectNode o = out.addObject();
                    o.put("address", s.address());
                    o.put("addressHash", s.addressHash());
                    o.put("reason", s.reason().name().toLowerCase(Locale.ROOT));
                    o.put("source", s.source());
                    o.put("detail", s.detail());
                    o.put("suppressedAt", s.suppressedAt().toString());
                }
                System.out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(out));
                return 0;
            }
            System.out.printf(Locale.ROOT, "%-40s %-13s %-24s %s%n", "address", "reason", "source", "suppressed at");
            for (Suppression s : entries) {
                System.out.printf(Locale.ROOT, "%-40s %-13s %-24s %s%n",
                        s.address() == null ? "(erased) " + s.addressHash().substring(0, 16) : s.address(),
                        s.reason().name().toLowerCase(Locale.ROOT), s.source(), s.suppressedAt());
            }
            System.out.println(entries.size() + " suppressed address(es)");
            return 0;
        }
    }
}
