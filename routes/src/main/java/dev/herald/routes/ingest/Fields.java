package dev.herald.routes.ingest;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Reads fields of a sender's JSON object with the same rules as the engine's {@code EventParser} (ids, emails,
 * lengths, no line breaks in names), naming the field and where it is in every reason.
 */
final class Fields {

    static final int MAX_ID_LENGTH = 100;
    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_EMAIL_LENGTH = 254;
    static final int MAX_URL_LENGTH = 2000;
    static final int MAX_QUANTITY = 1_000_000;
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@/-]*");
    static final Pattern EMAIL = Pattern.compile("[^@\\s\"<>,;()\\[\\]\\\\]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private final JsonNode node;
    private final String where;

    /**
     * @param node  the object read from, or null/missing when absent (every field is then absent)
     * @param where how the object is named in reasons, e.g. {@code "properties"} or {@code "batch[2].traits"}
     */
    Fields(JsonNode node, String where) {
        this.node = node == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : node;
        this.where = where;
    }

    static Fields of(JsonNode parent, String field, String where) {
        JsonNode child = parent.get(field);
        String name = where.isEmpty() ? field : where + "." + field;
        if (child != null && !child.isNull() && !child.isObject()) {
            throw IngestRejection.badRequest("field '" + name + "' must be an object, got " + StrictJson.kind(child));
        }
        return new Fields(child, name);
    }

    /** How this object is named in reasons. */
    String name() {
        return where;
    }

    JsonNode node() {
        return node;
    }

    String path(String field) {
        return where.isEmpty() ? field : where + "." + field;
    }

    boolean has(String field) {
        JsonNode n = node.get(field);
        return n != null && !n.isNull();
    }

    IngestRejection invalid(String reason) {
        return IngestRejection.badRequest(reason);
    }

    /** A string field, stripped; "" when absent. Numbers are not accepted as strings or vice versa. */
    String text(String field, int maxLength) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            return "";
        }
        if (!n.isTextual()) {
            throw invalid("field '" + path(field) + "' must be a string, got " + StrictJson.kind(n));
        }
        String value = n.textValue().strip();
        if (value.length() > maxLength) {
            throw invalid("field '" + path(field) + "' is " + value.length() + " characters long, over the limit of "
                    + maxLength);
        }
        return value;
    }

    /** A single-line string: line breaks and other control characters are refused (header and log injection). */
    String line(String field, int maxLength) {
        String value = text(field, maxLength);
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw invalid("field '" + path(field) + "' must not contain line breaks or control characters");
        }
        return value;
    }

    /**
     * A name shown to people (customer, product, page): single line and no markup. Campaign templates escape what
     * they print, but a name with angle brackets is never a real name, so it is refused at the edge.
     */
    String displayName(String field) {
        String value = line(field, MAX_NAME_LENGTH);
        if (value.indexOf('<') >= 0 || value.indexOf('>') >= 0) {
            throw invalid("field '" + path(field) + "' must not contain markup (< or >)");
        }
        return value;
    }

    /** An identifier as strings or whole numbers (Shopify and HubSpot send numeric ids); "" when absent. */
    String id(String field) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            return "";
        }
        String value;
        if (n.isIntegralNumber()) {
            value = n.bigIntegerValue().toString();
        } else if (n.isTextual()) {
            if (n.textValue().chars().anyMatch(Character::isISOControl)) {
                throw invalid("field '" + path(field) + "' must not contain line breaks or control characters");
            }
            value = n.textValue().strip();
        } else {
            throw invalid("field '" + path(field) + "' must be a string or a whole number, got " + StrictJson.kind(n));
        }
        checkId(path(field), value, MAX_ID_LENGTH);
        return value;
    }

    static void checkId(String name, String value, int maxLength) {
        if (value.isEmpty()) {
            throw IngestRejection.badRequest("field '" + name + "' must not be blank");
        }
        if (value.length() > maxLength) {
            throw IngestRejection.badRequest("field '" + name + "' is " + value.length()
                    + " characters long, over the limit of " + maxLength);
        }
        if (!ID.matcher(value).matches()) {
            throw IngestRejection.badRequest("field '" + name + "' may only contain letters, digits and . _ : @ / -"
                    + " and must start with a letter or digit");
        }
    }

    /** An email address; "" when absent. */
    String email(String field) {
        String value = text(field, MAX_EMAIL_LENGTH);
        if (!value.isEmpty() && !EMAIL.matcher(value).matches()) {
            throw invalid("field '" + path(field) + "' is not an email address");
        }
        return value;
    }

    /** A non-negative number, or null when absent; strings holding numbers are accepted when {@code lenient}. */
    BigDecimal amount(String field, boolean lenient) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        BigDecimal value;
        if (n.isNumber()) {
            value = n.decimalValue();
        } else if (lenient && n.isTextual()) {
            try {
                value = new BigDecimal(n.textValue().strip());
            } catch (NumberFormatException e) {
                throw invalid("field '" + path(field) + "' must be a decimal number, got " + Safe.quote(n.textValue()));
            }
        } else {
            throw invalid("field '" + path(field) + "' must be a number, got " + StrictJson.kind(n));
        }
        if (value.signum() < 0) {
            throw invalid("field '" + path(field) + "' must not be negative, got " + value.toPlainString());
        }
        if (value.precision() - value.scale() > 12) {
            throw invalid("field '" + path(field) + "' is too large: " + Safe.text(value.toPlainString(), 40));
        }
        return value;
    }

    /** A whole number from 1 to {@value #MAX_QUANTITY}, or {@code fallback} when absent. */
    int quantity(String field, int fallback) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() <= 0 || n.intValue() > MAX_QUANTITY) {
            throw invalid("field '" + path(field) + "' must be a whole number from 1 to " + MAX_QUANTITY + ", got "
                    + Safe.text(n.toString(), 40));
        }
        return n.intValue();
    }

    /** A three-letter currency code (upper-cased); "" when absent. */
    String currency(String field) {
        String value = text(field, 3).toUpperCase(java.util.Locale.ROOT);
        if (!value.isEmpty() && !CURRENCY.matcher(value).matches()) {
            throw invalid("field '" + path(field) + "' must be a three-letter ISO 4217 code such as GBP");
        }
        return value;
    }

    /** An ISO-8601 date-time with Z or an offset, or null when absent. */
    Instant instant(String field) {
        String value = text(field, 40);
        if (value.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e2) {
                throw invalid("field '" + path(field) + "' must be an ISO-8601 date-time such as 2026-11-23T10:15:30Z, got "
                        + Safe.quote(value));
            }
        }
    }

    /** A boolean, or null when absent. */
    Boolean bool(String field) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            throw invalid("field '" + path(field) + "' must be true or false, got " + StrictJson.kind(n));
        }
        return n.booleanValue();
    }
}
