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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Builds the values a template may use, as plain maps and lists: {@code customer}, {@code order} (order
 * events only), {@code recommendations} (when given), {@code locale}, {@code campaign} and {@code eventId}.
 * The documented schema is {@code dev.herald.templates.ModelSchema}; templates are validated against it.
 * Money is formatted here, once, for the customer's locale ({@link CustomerLocale}; UK English when unknown), so
 * the HTML and text parts show the same amounts; dates stay ISO-8601 and templates format them with the
 * {@code date} filter, which reads {@code locale}.
 */
public final class EmailModel {

    /** Money formats by locale tag and known currency code, cloned for use ({@link #moneyFormat}). */
    private static final ConcurrentMap<String, NumberFormat> MONEY_FORMATS = new ConcurrentHashMap<>();

    /** The locale used when a customer has none. */
    public static final Locale DEFAULT_LOCALE = Locale.UK;

    /** One recommended product as shown in an email; {@code price} is formatted in the email's locale. */
    public record Recommendation(String name, BigDecimal price, String currency, String imageUrl, String link) {
    }

    private EmailModel() {
    }

    static Map<String, Object> of(Customer customer, CustomerEvent event, String campaign) {
        return of(customer, event, campaign, DEFAULT_LOCALE, List.of());
    }

    /**
     * The model for one email, public so that previews ({@code herald templates preview}) build exactly what
     * the engine would send.
     */
    public static Map<String, Object> of(Customer customer, CustomerEvent event, String campaign, Locale locale,
                                         List<Recommendation> recommendations) {
        Locale loc = locale == null ? DEFAULT_LOCALE : locale;
        Map<String, Object> model = new LinkedHashMap<>();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", customer.id());
        c.put("email", customer.email());
        c.put("name", customer.name());
        c.put("firstName", firstName(customer.name()));
        model.put("customer", c);
        if (event instanceof OrderCompleted order) {
            model.put("order", order(order, loc));
        }
        if (recommendations != null && !recommendations.isEmpty()) {
            List<Map<String, Object>> recos = new ArrayList<>();
            for (Recommendation r : recommendations) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", r.name());
                m.put("price", r.price() == null ? "" : money(r.price(), r.currency(), loc));
                m.put("imageUrl", webUrl(r.imageUrl()));
                m.put("link", webUrl(r.link()));
                recos.add(m);
            }
            model.put("recommendations", recos);
        }
        model.put("locale", loc.toLanguageTag());
        model.put("campaign", campaign);
        model.put("eventId", event.eventId());
        return model;
    }

    /** Only http(s) URLs reach a template, so a product feed cannot put {@code javascript:} into a link. */
    static String webUrl(String url) {
        String u = url == null ? "" : url.strip();
        String lower = u.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://") ? u : "";
    }

    static String firstName(String name) {
        String trimmed = name == null ? "" : name.strip();
        int space = trimmed.indexOf(' ');
        return space < 0 ? trimmed : trimmed.substring(0, space);
    }

    private static Map<String, Object> order(OrderCompleted order, Locale locale) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", order.orderId());
        o.put("placedAt", order.occurredAt() == null ? "" : order.occurredAt().toString());
        o.put("currency", order.currency());
        o.put("total", money(order.total(), order.currency(), locale));
        List<Map<String, Object>> items = new ArrayList<>();
        for (OrderCompleted.OrderItem item : order.items()) {
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("productId", item.productId());
            i.put("name", item.productName().isEmpty() ? item.productId() : item.productName());
            i.put("quantity", item.quantity());
            i.put("unitPrice", money(item.unitPrice(), order.currency(), locale));
            i.put("lineTotal", money(item.unitPrice().multiply(BigDecimal.valueOf(item.quantity())), order.currency(), locale));
            items.add(i);
        }
        o.put("items", items);
        return o;
    }

    static String money(BigDecimal amount, String currencyCode) {
        return money(amount, currencyCode, DEFAULT_LOCALE);
    }

    /** Formats an amount in a currency the way readers in {@code locale} expect (e.g. £7.00, 7,00 €). */
    public static String money(BigDecimal amount, String currencyCode, Locale locale) {
        NumberFormat format = moneyFormat(locale, currencyCode == null || currencyCode.isBlank() ? "" : currencyCode);
        return format == null ? amount.setScale(2, RoundingMode.HALF_UP).toPlainString() + " " + currencyCode
                : format.format(amount);
    }

    /**
     * A copy of the format for the locale and currency ({@code ""}: none; {@code null} for an unknown currency).
     * Looking a format up builds it from the locale's data, a few per cent of an event's CPU with three amounts
     * per order email (ADR 0044); formats are not thread-safe, so each call gets a clone of a cached one.
     */
    private static NumberFormat moneyFormat(Locale locale, String currencyCode) {
        NumberFormat cached = MONEY_FORMATS.computeIfAbsent(locale.toLanguageTag() + "|" + currencyCode, key -> {
            if (currencyCode.isEmpty()) {
                NumberFormat plain = NumberFormat.getNumberInstance(locale);
                plain.setMinimumFractionDigits(2);
                plain.setMaximumFractionDigits(2);
                return plain;
            }
            NumberFormat format = NumberFormat.getCurrencyInstance(locale);
            try {
                format.setCurrency(Currency.getInstance(currencyCode));
            } catch (IllegalArgumentException unknownCurrency) {
                return null; // not cached: the map holds only the codes the JDK knows, so it stays small
            }
            return format;
        });
        return cached == null ? null : (NumberFormat) cached.clone();
    }
}
