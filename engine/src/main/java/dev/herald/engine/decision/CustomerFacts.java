package dev.herald.engine.decision;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * The customer as campaign rules see it: the profile fields every campaign may use, plus free attributes
 * (text or number) that the rule vocabulary declares.
 *
 * @param country     the customer's country name, or an empty string when unknown
 * @param attributes  further attributes by name; values are {@link String} or {@link Number}
 */
public record CustomerFacts(String customerId, String country, long orderCount, BigDecimal lifetimeSpend,
                            Map<String, Object> attributes) {

    public CustomerFacts {
        Objects.requireNonNull(customerId, "customerId");
        country = country == null ? "" : country;
        lifetimeSpend = lifetimeSpend == null ? BigDecimal.ZERO : lifetimeSpend;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
