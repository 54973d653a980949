package dev.herald.engine.application;

import dev.herald.engine.customer.Customer;
import dev.herald.engine.event.CustomerEvent;
import dev.herald.engine.event.OrderCompleted;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the values a template may use, as plain maps and lists: {@code customer}, {@code order} (order
 * events only), {@code campaign} and {@code eventId}. Money is formatted here, once, for the customer's
 * locale (UK English until profiles carry a locale).
 */
final class EmailModel {

    private static final Locale LOCALE = Locale.UK;

    private EmailModel() {
    }

    static Map<String, Object> of(Customer customer, CustomerEvent event, String campaign) {
        Map<String, Object> model = new LinkedHashMap<>();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", customer.id());
        c.put("email", customer.email());
        c.put("name", customer.name());
        c.put("firstName", firstName(customer.name()));
        model.put("customer", c);
        if (event instanceof OrderCompleted order) {
            model.put("order", order(order));
        }
        model.put("campaign", campaign);
        model.put("eventId", event.eventId());
        return model;
    }

    static String firstName(String name) {
        String trimmed = name == null ? "" : name.strip();
        int space = trimmed.indexOf(' ');
        return space < 0 ? trimmed : trimmed.substring(0, space);
    }

    private static Map<String, Object> order(OrderCompleted order) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", order.orderId());
        o.put("currency", order.currency());
        o.put("total", money(order.total(), order.currency()));
        List<Map<String, Object>> items = new ArrayList<>();
        for (OrderCompleted.OrderItem item : order.items()) {
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("productId", item.productId());
            i.put("name", item.productName().isEmpty() ? item.productId() : item.productName());
            i.put("quantity", item.quantity());
            i.put("unitPrice", money(item.unitPrice(), order.currency()));
            i.put("lineTotal", money(item.unitPrice().multiply(BigDecimal.valueOf(item.quantity())), order.currency()));
            items.add(i);
        }
        o.put("items", items);
        return o;
    }

    static String money(BigDecimal amount, String currencyCode) {
        NumberFormat format = NumberFormat.getCurrencyInstance(LOCALE);
        try {
            format.setCurrency(Currency.getInstance(currencyCode));
        } catch (IllegalArgumentException unknownCurrency) {
            return amount.setScale(2, RoundingMode.HALF_UP).toPlainString() + " " + currencyCode;
        }
        return format.format(amount);
    }
}
