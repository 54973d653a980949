package dev.herald.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.engine.application.CustomerLocale;
import dev.herald.engine.application.EmailModel;
import dev.herald.engine.customer.Customer;
import dev.herald.engine.delivery.TemplateRenderer.TemplateNotFoundException;
import dev.herald.engine.event.CustomerEvent;
import dev.herald.engine.event.CustomerSignedUp;
import dev.herald.engine.event.EventParser;
import dev.herald.engine.event.EventType;
import dev.herald.engine.event.InvalidEventException;
import dev.herald.templates.MustacheTemplateRenderer;
import dev.herald.templates.RenderedTemplate;
import dev.herald.templates.TemplateError;
import dev.herald.templates.TemplateValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code herald templates preview TEMPLATE --customer JSON|@FILE [--order JSON|FILE] [--variant NAME] --out FILE}. */
@Command(name = "preview", mixinStandardHelpOptions = true,
        description = {"Render one template for one customer exactly as Herald would send it: the model is built by"
                + " the engine's own code (money and dates in the customer's locale), the template is validated"
                + " first, and the HTML part is written to --out. The subject, the preheader and the plain-text"
                + " part are printed. The customer's locale picks the template's translation"
                + " (<template>/locales/<tag>/, then the language alone) when it has one.",
                "Customer JSON: {\"id\": \"C17850\", \"email\": \"ann@example.com\", \"name\": \"Ann Smith\","
                        + " \"locale\": \"en-GB\", \"recommendations\": [{\"name\": ..., \"price\": 12.75,"
                        + " \"currency\": \"GBP\", \"imageUrl\": \"https://...\", \"link\": \"https://...\"}]}"
                        + " (all optional).",
                "Order JSON: an order_completed event as the shop sends it (README, Event format); type, eventId,"
                        + " customer fields and timestamp may be left out.",
                "Exit code 0 when rendered, 1 on invalid input or template errors (printed as FILE:LINE: MESSAGE)."})
public class TemplatesPreviewCommand implements Callable<Integer> {

    private static final Set<String> CUSTOMER_FIELDS = Set.of("id", "email", "name", "locale", "recommendations");
    private static final Set<String> RECOMMENDATION_FIELDS = Set.of("name", "price", "currency", "imageUrl", "link");

    @Parameters(index = "0", paramLabel = "TEMPLATE", description = "Template key, e.g. welcome or thank-you.")
    String template;

    @Option(names = "--customer", required = true, paramLabel = "JSON|FILE|ID",
            description = "The customer as a JSON object, a file holding one, or the id of a customer in Herald's"
                    + " database (--data-dir, or herald.jdbc.url), whose stored email, name and locale (attributes"
                    + " locale, language, country) are used.")
    String customerJson;

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Option(names = "--order", paramLabel = "JSON|FILE",
            description = "An order_completed event as a JSON object, or a file holding one; without it the email"
                    + " is for a signup.")
    String orderJson;

    @Option(names = "--variant", paramLabel = "NAME",
            description = "Render this experiment variant (parts from <template>/variants/NAME/).")
    String variant;

    @Option(names = "--campaign", paramLabel = "NAME", description = "Campaign name in the model (default: TEMPLATE).")
    String campaign;

    @Option(names = "--templates", paramLabel = "DIR",
            description = "Render from this templates folder instead of the built-in templates.")
    Path templatesDir;

    @Option(names = "--out", paramLabel = "FILE.html", defaultValue = "preview.html",
            description = "Where to write the HTML part (default: ${DEFAULT-VALUE}).")
    Path out;

    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Override
    public Integer call() throws IOException {
        Map<String, Object> model;
        try {
            model = model();
        } catch (IllegalArgumentException e) {
            System.err.println("invalid input: " + e.getMessage());
            return 1;
        }
        List<TemplateError> errors;
        try {
            errors = new TemplateValidator().validateTemplate(TemplatesCommand.files(templatesDir), template);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        if (!errors.isEmpty()) {
            errors.forEach(e -> System.err.println(e));
            System.err.printf("%d error%s: template '%s' would not be sent%n", errors.size(),
                    errors.size() == 1 ? "" : "s", template);
            return 1;
        }
        MustacheTemplateRenderer renderer = TemplatesCommand.renderer(templatesDir);
        RenderedTemplate email;
        try {
            email = renderer.render(template, variant, model);
        } catch (TemplateNotFoundException | IllegalArgumentException | IllegalStateException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, email.html(), StandardCharsets.UTF_8);
        System.out.println("Subject:   " + email.subject());
        System.out.println("Preheader: " + email.preheader());
        System.out.println("HTML:      " + out + " (" + email.html().getBytes(StandardCharsets.UTF_8).length + " bytes)");
        String translation = renderer.translationFor(template, model.get("locale"));
        System.out.println("Language:  " + (translation == null ? "as written (no translation for "
                + model.get("locale") + ")" : "the " + translation + " translation (" + template + "/locales/"
                + translation + "/)"));
        System.out.println("--- text part ---");
        System.out.print(email.text());
        return 0;
    }

    /** Builds the model with {@link EmailModel}, the code the engine uses for real sends. */
    private Map<String, Object> model() throws IOException {
        Instant now = Instant.now();
        String id;
        String email;
        String name;
        Locale locale;
        List<EmailModel.Recommendation> recommendations;
        if (isJsonOrFile(customerJson)) {
            JsonNode customerNode = read("--customer", customerJson);
            checkFields("--customer", customerNode, CUSTOMER_FIELDS);
            id = text(customerNode, "id", "preview-customer");
            email = text(customerNode, "email", "customer@example.com");
            name = text(customerNode, "name", "");
            locale = customerNode.hasNonNull("locale") ? locale(text(customerNode, "locale", ""))
                    : dev.herald.engine.delivery.SendGates.defaultLocale(options.load(Map.of())::get);
            recommendations = recommendations(customerNode.get("recommendations"));
        } else {
            // as the engine does for a live send: the stored contact details and locale, no recommendations
            StoredCustomer stored = storedCustomer(customerJson);
            id = stored.customer().id();
            email = stored.customer().email() == null ? "" : stored.customer().email();
            name = stored.customer().name() == null ? "" : stored.customer().name();
            locale = stored.locale();
            recommendations = List.of();
        }
        CustomerEvent event;
        if (orderJson == null) {
            event = new CustomerSignedUp("preview", id, email, name, now);
        } else {
            JsonNode orderNode = read("--order", orderJson);
            ObjectNode order = (ObjectNode) orderNode;
            order.putIfAbsent("type", order.textNode(EventType.ORDER_COMPLETED.wireName()));
            order.putIfAbsent("eventId", order.textNode("preview"));
            order.putIfAbsent("customerId", order.textNode(id));
            order.putIfAbsent("email", order.textNode(email));
            order.putIfAbsent("name", order.textNode(name));
            order.putIfAbsent("timestamp", order.textNode(now.toString()));
            try {
                event = new EventParser().parse(json.writeValueAsBytes(order), Set.of(EventType.ORDER_COMPLETED));
            } catch (InvalidEventException e) {
                throw new IllegalArgumentException("--order: " + e.getMessage(), e);
            }
        }
        Customer customer = new Customer(id, email, name, now);
        return EmailModel.of(customer, event, campaign == null ? template : campaign, locale, recommendations);
    }

    /**
     * A JSON object, an existing file, or anything that looks like a path (@FILE, a separator, .json), so a
     * mistyped file name is reported as a missing file; anything else is a customer id.
     */
    private static boolean isJsonOrFile(String value) {
        if (value.stripLeading().startsWith("{") || value.startsWith("@") || value.contains("/")
                || value.contains(java.io.File.separator) || value.toLowerCase(Locale.ROOT).endsWith(".json")) {
            return true;
        }
        try {
            return Files.isRegularFile(Path.of(value));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    private record StoredCustomer(Customer customer, Locale locale) {
    }

    private StoredCustomer storedCustomer(String customerId) {
        StoredCustomer stored;
        dev.herald.app.HeraldConfig config = options.load(Map.of());
        try (AbDatabase db = AbDatabase.openExisting(config)) {
            stored = db.transactions().inTransaction(em -> {
                Customer customer = em.find(Customer.class, customerId);
                return customer == null ? null : new StoredCustomer(customer,
                        CustomerLocale.read(em, customerId,
                                dev.herald.engine.delivery.SendGates.defaultLocale(config::get)));
            });
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--customer: '" + customerId + "' is neither a JSON object nor an"
                    + " existing file, and " + e.getMessage());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read customer " + customerId + ": " + e.getMessage(), e);
        }
        if (stored == null) {
            throw new IllegalArgumentException("--customer: no customer with id '" + customerId
                    + "' in the database (and no file of that name)");
        }
        return stored;
    }

    private JsonNode read(String option, String value) throws IOException {
        String source = value;
        if (!value.stripLeading().startsWith("{")) {
            // a file; picocli expands a separate "@FILE" argument itself, so the form is FILE (or --opt=@FILE)
            Path file = Path.of(value.startsWith("@") ? value.substring(1) : value);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(option + ": neither a JSON object nor an existing file: " + value);
            }
            source = Files.readString(file, StandardCharsets.UTF_8);
        }
        JsonNode node;
        try {
            node = json.readTree(source);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(option + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(option + ": expected a JSON object");
        }
        return node;
    }

    private static void checkFields(String where, JsonNode node, Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!known.contains(field)) {
                throw new IllegalArgumentException(where + ": unknown field '" + field + "' (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' must be a string");
        }
        return value.asText();
    }

    private static Locale locale(String tag) {
        try {
            return new Locale.Builder().setLanguageTag(tag).build();
        } catch (IllformedLocaleException e) {
            throw new IllegalArgumentException("locale '" + tag + "' is not a BCP 47 tag such as en-GB or de-DE");
        }
    }

    private static List<EmailModel.Recommendation> recommendations(JsonNode list) {
        List<EmailModel.Recommendation> result = new ArrayList<>();
        if (list == null || list.isNull()) {
            return result;
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException("--customer: 'recommendations' must be a list");
        }
        int index = 0;
        for (JsonNode r : list) {
            String where = "--customer: recommendations[" + index++ + "]";
            if (!r.isObject()) {
                throw new IllegalArgumentException(where + " must be an object");
            }
            checkFields(where, r, RECOMMENDATION_FIELDS);
            JsonNode price = r.get("price");
            if (price != null && !price.isNull() && !price.isNumber()) {
                throw new IllegalArgumentException(where + ": 'price' must be a number");
            }
            result.add(new EmailModel.Recommendation(text(r, "name", ""),
                    price == null || price.isNull() ? null : new BigDecimal(price.asText()),
                    text(r, "currency", null), text(r, "imageUrl", null), text(r, "link", null)));
        }
        return result;
    }
}
