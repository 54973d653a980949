package dev.herald.engine.customer;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An order a customer completed, stored once per order id whatever number of events report it. */
@Entity
@Table(name = "customer_order")
public class CustomerOrder {

    @Id
    private String id;

    @Column(name = "customer_id", nullable = false)
    private String customerId;

    @Column(name = "event_id", nullable = false)
    private String eventId;

    @Column(nullable = false, length = 3)
    private String currency;

    @Column(nullable = false, precision = 19, scale = 4)
    private BigDecimal total;

    @Column(name = "ordered_at", nullable = false)
    private Instant orderedAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "order_line", joinColumns = @JoinColumn(name = "order_id"))
    @OrderColumn(name = "line_no")
    private List<OrderLine> lines = new ArrayList<>();

    protected CustomerOrder() {
        // for JPA
    }

    public CustomerOrder(String id, String customerId, String eventId, String currency, BigDecimal total,
                         Instant orderedAt, List<OrderLine> lines) {
        this.id = id;
        this.customerId = customerId;
        this.eventId = eventId;
        this.currency = currency;
        this.total = total;
        this.orderedAt = orderedAt;
        this.lines = new ArrayList<>(lines);
    }

    public String id() {
        return id;
    }

    public String customerId() {
        return customerId;
    }

    public String eventId() {
        return eventId;
    }

    public String currency() {
        return currency;
    }

    public BigDecimal total() {
        return total;
    }

    public Instant orderedAt() {
        return orderedAt;
    }

    public List<OrderLine> lines() {
        return List.copyOf(lines);
    }
}
