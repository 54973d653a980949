package dev.herald.engine.customer;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One entry of a customer's activity timeline (page, product, cart or checkout event): the kind, when, and the
 * event's few useful fields as compact JSON. Orders live in {@link CustomerOrder}; this keeps the rest small
 * enough to hold for every visitor, and gives the console and the privacy export one place to read.
 */
@Entity
@Table(name = "customer_activity")
public class CustomerActivity {

    /** Longest detail kept; longer details are cut at a field boundary by the writer. */
    public static final int MAX_DETAIL = 4000;

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "customer_activity_seq")
    @SequenceGenerator(name = "customer_activity_seq", sequenceName = "customer_activity_seq", allocationSize = 50)
    private Long id;

    @Column(name = "customer_id", nullable = false)
    private String customerId;

    @Column(name = "event_id", nullable = false)
    private String eventId;

    @Column(nullable = false)
    private String kind;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    @Column(name = "detail_json", nullable = false)
    private String detailJson;

    protected CustomerActivity() {
        // for JPA
    }

    public CustomerActivity(String customerId, String eventId, String kind, Instant occurredAt, String detailJson) {
        this.customerId = customerId;
        this.eventId = eventId;
        this.kind = kind;
        this.occurredAt = occurredAt;
        this.detailJson = detailJson;
    }

    public String customerId() {
        return customerId;
    }

    public String kind() {
        return kind;
    }

    public String detailJson() {
        return detailJson;
    }
}
