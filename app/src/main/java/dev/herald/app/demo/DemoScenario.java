package dev.herald.app.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.engine.event.EventParser;
import dev.herald.routes.RouteSettings;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A realistic burst of events for the demo: every customer signs up, most place a first order, some a
 * second; a few events are sent twice (as producers do after a timeout) and a few are malformed. The mix is
 * fixed by a seed, so every run tells the same story, and the expected outcome can be computed up front.
 */
public final class DemoScenario {

    /** One message to publish. */
    public record DemoEvent(String queue, String customerId, String json, Kind kind, String note) {
    }

    /** What the engine should make of an event. */
    public enum Kind { VALID, DUPLICATE, MALFORMED }

    private final List<DemoEvent> events = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();
    private final Random random;
    private final DemoData data;
    private final String runId;
    private final Instant start;
    private int expectedWelcome;
    private int expectedThankYou;

    private DemoScenario(DemoData data, int customers, long seed, String runId, Instant start) {
        this.data = data;
        this.random = new Random(seed);
        this.runId = runId;
        this.start = start;
        build(Math.min(customers, data.customers().size()));
    }

    /**
     * @param customers how many of the demo customers take part (at most the number on file)
     * @param runId     makes event ids unique per run, so a second run on the same data directory is new
     */
    public static DemoScenario create(DemoData data, int customers, long seed, String runId, Instant start) {
        return new DemoScenario(data, customers, seed, runId, start);
    }

    private void build(int customers) {
        List<DemoEvent> orders = new ArrayList<>();
        for (int i = 0; i < customers; i++) {
            DemoData.Customer c = data.customers().get(i);
            Instant signedUp = start.minus(Duration.ofDays(30)).plus(Duration.ofMinutes(17L * i));
            events.add(valid(RouteSettings.CRM_QUEUE, c, signup(c, signedUp), "signup"));
            expectedWelcome++;
            if (i % 4 != 3) { // three in four customers order
                orders.add(valid(RouteSettings.COMMERCE_QUEUE, c, order(c, 1, signedUp.plus(Duration.ofHours(2))),
                        "first order"));
                expectedThankYou++;
                if (i % 3 == 0) {
                    orders.add(valid(RouteSettings.COMMERCE_QUEUE, c,
                            order(c, 2, signedUp.plus(Duration.ofDays(9))), "second order"));
                }
            }
        }
        events.addAll(orders);
        // producers retry after timeouts: the same event id arrives again and must be processed once
        for (int i = 0; i < Math.min(3, events.size()); i++) {
            DemoEvent original = events.get(i * 2 % events.size());
            events.add(new DemoEvent(original.queue(), original.customerId(), original.json(), Kind.DUPLICATE,
                    "repeat of a " + original.note()));
        }
        addMalformed();
    }

    private void addMalformed() {
        DemoData.Customer c = data.customers().get(0);
        String crm = RouteSettings.CRM_QUEUE;
        String commerce = RouteSettings.COMMERCE_QUEUE;
        events.add(new DemoEvent(crm, c.id(), "{\"eventId\": \"" + id("broken") + "\", \"type\": ",
                Kind.MALFORMED, "truncated JSON"));
        ObjectNode noEmail = signup(c, start);
        noEmail.remove("email");
        noEmail.put("eventId", id("no-email"));
        events.add(new DemoEvent(crm, c.id(), noEmail.toString(), Kind.MALFORMED, "missing email"));
        ObjectNode wrongType = order(c, 9, start);
        ((ObjectNode) wrongType.withArray("items").get(0)).put("quantity", "two");
        events.add(new DemoEvent(commerce, c.id(), wrongType.toString(), Kind.MALFORMED, "quantity as text"));
        ObjectNode badTotal = order(c, 8, start);
        badTotal.put("total", new BigDecimal("0.01"));
        events.add(new DemoEvent(commerce, c.id(), badTotal.toString(), Kind.MALFORMED, "total does not add up"));
        ObjectNode huge = signup(c, start);
        huge.put("eventId", id("oversized"));
        huge.put("notes", "x".repeat(EventParser.MAX_PAYLOAD_BYTES + 1024));
        events.add(new DemoEvent(crm, c.id(), huge.toString(), Kind.MALFORMED, "payload over 256 KiB"));
    }

    private DemoEvent valid(String queue, DemoData.Customer c, ObjectNode body, String note) {
        return new DemoEvent(queue, c.id(), body.toString(), Kind.VALID, note);
    }

    private ObjectNode signup(DemoData.Customer c, Instant at) {
        ObjectNode e = base("customer_signed_up", c, at, id("signup-" + c.id()));
        return e;
    }

    private ObjectNode order(DemoData.Customer c, int n, Instant at) {
        String orderId = id("order-" + c.id() + "-" + n);
        ObjectNode e = base("order_completed", c, at, orderId + "-completed");
        e.put("orderId", orderId);
        e.put("currency", "GBP");
        ArrayNode items = e.putArray("items");
        BigDecimal total = BigDecimal.ZERO;
        int lines = 1 + random.nextInt(4);
        for (int l = 0; l < lines; l++) {
            DemoData.Product p = data.products().get(random.nextInt(data.products().size()));
            int quantity = 1 + random.nextInt(6);
            items.addObject().put("productId", p.id()).put("name", p.name()).put("quantity", quantity)
                    .put("price", p.price());
            total = total.add(p.price().multiply(BigDecimal.valueOf(quantity)));
        }
        e.put("total", total);
        return e;
    }

    private ObjectNode base(String type, DemoData.Customer c, Instant at, String eventId) {
        ObjectNode e = json.createObjectNode();
        e.put("eventId", eventId);
        e.put("type", type);
        e.put("customerId", c.id());
        e.put("email", c.email());
        e.put("name", c.name());
        e.put("timestamp", at.toString());
        return e;
    }

    private String id(String suffix) {
        return "demo-" + runId + "-" + suffix;
    }

    public List<DemoEvent> events() {
        return List.copyOf(events);
    }

    public long count(Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).count();
    }

    /** Emails a fresh data directory should end up with: one welcome per customer, one thank-you per buyer. */
    public int expectedEmails() {
        return expectedWelcome + expectedThankYou;
    }
}
