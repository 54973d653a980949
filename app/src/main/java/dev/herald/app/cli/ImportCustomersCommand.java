package dev.herald.app.cli;

import dev.herald.engine.imports.CustomerAttributeImporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code herald import customers FILE}: customer attributes such as annual spend per category. */
@Command(name = "customers", mixinStandardHelpOptions = true,
        description = {"Import a customer attribute file (CSV with a header, one row per customer), e.g. the UCI"
                + " Wholesale customers file (Channel, Region, annual spend on Fresh, Milk, Grocery, Frozen,"
                + " Detergents_Paper, Delicassen). Every column becomes an attribute of the customer; numbers are"
                + " stored as numbers.",
                "Without --id-column, customers are numbered by row: PREFIX1, PREFIX2, ... Re-importing the same file"
                        + " updates the same customers.",
                "Example: herald import customers data/wholesale-customers/wholesale-customers.csv"})
public class ImportCustomersCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "Customer attribute file.")
    Path file;

    @Option(names = "--id-column", paramLabel = "HEADER", description = "Column with the customer id (default: row numbers).")
    String idColumn;

    @Option(names = "--id-prefix", paramLabel = "TEXT", defaultValue = "W",
            description = "Prepended to customer ids (default: ${DEFAULT-VALUE}).")
    String idPrefix;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(file + ": no such file or not readable");
        }
        try (ImportDatabase db = ImportDatabase.open(options.load(Map.of()))) {
            CustomerAttributeImporter.Result r = new CustomerAttributeImporter(db.transactions(), Clock.systemUTC())
                    .importFile(file, idColumn, idPrefix);
            System.out.printf("Customers: %d (%d new, %d updated), attributes: %d (%s)%n", r.rows(), r.customersCreated(),
                    r.customersUpdated(), r.attributes(), String.join(", ", r.columns()));
            if (r.consentsChanged() > 0) {
                System.out.printf("Consent:   %d records changed (consent_* columns, source import:%s)%n",
                        r.consentsChanged(), file.getFileName());
            }
            System.out.printf("Database:  %s%n", db.description());
        }
        return 0;
    }
}
