package dev.herald.templates;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The documented shape of the model every email template receives, so {@link TemplateValidator} can reject an
 * unknown variable before a template is ever used. It mirrors {@code dev.herald.engine.application.EmailModel}
 * (plus {@code preheader} and {@code variant}, added by the renderer):
 *
 * <pre>
 * customer.id, customer.email, customer.name, customer.firstName
 * order.id, order.placedAt (ISO-8601, format with | date), order.currency, order.total (formatted money)
 * order.items[*].productId, .name, .quantity, .unitPrice, .lineTotal
 * recommendations[*].name, .price (formatted money), .imageUrl, .link
 * locale (BCP 47 tag such as en-GB), campaign, eventId, preheader (rendered), variant
 * unsubscribeUrl (marketing emails), preferencesUrl (marketing emails, while subscription topics are defined),
 * confirmUrl (the double opt-in confirmation), added at send time
 * </pre>
 *
 * <p>{@code order} is present for order events only and {@code recommendations} only when the engine has any;
 * templates test them with sections ({@code {{#order.id}}...{{/order.id}}}).
 */
public final class ModelSchema {

    /** Kind of a model entry: a printable value, an object with named fields, or a list of objects. */
    public enum Kind { VALUE, OBJECT, LIST }

    /** One node of the schema; for a list, {@code fields} are those of each element. */
    public record Node(Kind kind, Map<String, Node> fields) {
        static Node value() {
            return new Node(Kind.VALUE, Map.of());
        }

        static Node object(Map<String, Node> fields) {
            return new Node(Kind.OBJECT, fields);
        }

        static Node list(Map<String, Node> elementFields) {
            return new Node(Kind.LIST, elementFields);
        }
    }

    private static final Node ROOT = Node.object(fields(
            "customer", Node.object(values("id", "email", "name", "firstName")),
            "order", Node.object(fields(
                    "id", Node.value(), "placedAt", Node.value(), "currency", Node.value(), "total", Node.value(),
                    "items", Node.list(values("productId", "name", "quantity", "unitPrice", "lineTotal")))),
            "recommendations", Node.list(values("name", "price", "imageUrl", "link")),
            "locale", Node.value(),
            "campaign", Node.value(),
            "eventId", Node.value(),
            "preheader", Node.value(),
            "variant", Node.value(),
            // added at send time by the outbox's hooks: marketing emails, and the double opt-in confirmation
            "unsubscribeUrl", Node.value(),
            "preferencesUrl", Node.value(),
            "confirmUrl", Node.value()));

    private ModelSchema() {
    }

    /** The root object of the email model. */
    public static Node root() {
        return ROOT;
    }

    private static Map<String, Node> values(String... names) {
        Map<String, Node> m = new LinkedHashMap<>();
        for (String n : names) {
            m.put(n, Node.value());
        }
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, Node> fields(Object... pairs) {
        Map<String, Node> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Node) pairs[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }
}
