package dev.herald.templates;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds models shaped like the ones the engine passes to the renderer. */
final class Models {

    private Models() {
    }

    static Map<String, Object> customer(String name, String firstName) {
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("id", "cust-42");
        customer.put("email", "ada@example.com");
        customer.put("name", name);
        customer.put("firstName", firstName);
        return customer;
    }

    static Map<String, Object> welcome(String name, String firstName) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("customer", customer(name, firstName));
        model.put("campaign", "welcome-series");
        model.put("eventId", "evt-1");
        return model;
    }

    static Map<String, Object> item(String productId, String name, int quantity, String unitPrice, String lineTotal) {
        return Map.of("productId", productId, "name", name, "quantity", quantity,
                "unitPrice", unitPrice, "lineTotal", lineTotal);
    }

    static Map<String, Object> thankYou(String name, String firstName, List<Map<String, Object>> items, String total) {
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", "ord-1001");
        order.put("currency", "GBP");
        order.put("total", total);
        order.put("items", items);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("customer", customer(name, firstName));
        model.put("order", order);
        model.put("campaign", "first-order-thanks");
        model.put("eventId", "evt-2");
        return model;
    }
}
