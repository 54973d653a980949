package dev.herald.engine.lifetime;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the BG/NBD model needs of one customer, in days: {@code x} repeat purchases (days with an order after the
 * first, so several orders on one day are one purchase, as the model assumes), {@code tx} the age of the customer at
 * their last purchase, and {@code t} their age at the end of the observation. Times are whole UTC days.
 */
public record PurchaseHistory(String customerId, int x, double tx, double t) {

    public PurchaseHistory {
        if (x < 0 || tx < 0 || t < tx || (x == 0 && tx != 0)) {
            throw new IllegalArgumentException("need x >= 0, 0 <= tx <= T and tx = 0 without repeat purchases; got x="
                    + x + " tx=" + tx + " T=" + t + " for " + customerId);
        }
    }

    /** One order: whose and when. */
    public record Order(String customerId, Instant at) {
    }

    /**
     * The histories of every customer with an order before {@code end}, observed until {@code end}; orders at or
     * after {@code end} are left out. Sorted by customer id.
     */
    public static List<PurchaseHistory> of(Iterable<Order> orders, Instant end) {
        LocalDate last = LocalDate.ofInstant(end, ZoneOffset.UTC);
        Map<String, TreeSet<LocalDate>> days = new TreeMap<>();
        for (Order order : orders) {
            if (order.at().isBefore(end)) {
                days.computeIfAbsent(order.customerId(), k -> new TreeSet<>())
                        .add(LocalDate.ofInstant(order.at(), ZoneOffset.UTC));
            }
        }
        List<PurchaseHistory> histories = new ArrayList<>(days.size());
        days.forEach((customer, purchaseDays) -> {
            LocalDate first = purchaseDays.first();
            histories.add(new PurchaseHistory(customer, purchaseDays.size() - 1,
                    ChronoUnit.DAYS.between(first, purchaseDays.last()), ChronoUnit.DAYS.between(first, last)));
        });
        return histories;
    }
}
