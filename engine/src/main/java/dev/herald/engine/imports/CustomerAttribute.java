package dev.herald.engine.imports;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * One named attribute of a customer from an attribute file (e.g. annual spend on Fresh, channel, region of
 * the UCI Wholesale customers). Numbers and text are kept apart so segmentation can read numbers directly.
 */
@Entity
@Table(name = "customer_attribute")
@IdClass(CustomerAttribute.Key.class)
public class CustomerAttribute {

    @Id
    @Column(name = "customer_id")
    private String customerId;

    @Id
    @Column(name = "name")
    private String name;

    @Column(name = "text_value")
    private String textValue;

    @Column(name = "number_value", precision = 19, scale = 4)
    private BigDecimal numberValue;

    protected CustomerAttribute() {
        // for JPA
    }

    public CustomerAttribute(String customerId, String name, String textValue, BigDecimal numberValue) {
        this.customerId = customerId;
        this.name = name;
        this.textValue = textValue;
        this.numberValue = numberValue;
    }

    /** Replaces the value (a re-import of a newer file). */
    public void update(String newText, BigDecimal newNumber) {
        this.textValue = newText;
        this.numberValue = newNumber;
    }

    public String customerId() {
        return customerId;
    }

    public String name() {
        return name;
    }

    public String textValue() {
        return textValue;
    }

    public BigDecimal numberValue() {
        return numberValue;
    }

    /** Composite key (customer, attribute name). */
    public static class Key implements Serializable {
        private String customerId;
        private String name;

        public Key() {
        }

        public Key(String customerId, String name) {
            this.customerId = customerId;
            this.name = name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(customerId, k.customerId) && Objects.equals(name, k.name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(customerId, name);
        }
    }
}
