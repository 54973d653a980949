package dev.herald.engine.identity;

import java.util.Locale;

/** The kinds of keys that identify a customer. */
public enum IdentityKind {
    /** Another customer id of the same person: an alias's previousId, or a profile merged away. */
    CUSTOMER_ID("customer_id"),
    /** A Segment anonymous id (without the {@code anon:} prefix) linked to a known customer. */
    ANONYMOUS_ID("anonymous_id"),
    /** An email address, lower-cased. */
    EMAIL("email"),
    /** The customer's record id in the CRM. */
    CRM_ID("crm_id");

    private final String wireName;

    IdentityKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The stored form of a key value: emails are compared case-insensitively. */
    public String normalise(String value) {
        String v = value.strip();
        return this == EMAIL ? v.toLowerCase(Locale.ROOT) : v;
    }
}
