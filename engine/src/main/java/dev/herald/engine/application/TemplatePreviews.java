package dev.herald.engine.application;

import dev.herald.engine.customer.Customer;
import dev.herald.engine.customer.CustomerOrder;
import dev.herald.engine.customer.OrderLine;
import dev.herald.engine.event.CustomerEvent;
import dev.herald.engine.event.CustomerSignedUp;
import dev.herald.engine.event.OrderCompleted;
import dev.herald.engine.persistence.Transactions;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only queries behind the console's template preview: the customers to choose from, and the model a
 * stored customer's email would be rendered with. The model is built by {@link EmailModel}, the code the engine
 * uses for real sends; with the customer's latest stored order as the triggering event (so order templates show
 * real lines), else a signup. Recommendations are left out, as they are for journey emails.
 */
public final class TemplatePreviews {

    /** A customer to preview for: id, name and email as stored. */
    public record CustomerChoice(String id, String name, String email) {
    }

    private final Transactions transactions;

    private volatile java.util.Locale defaultLocale = EmailModel.DEFAULT_LOCALE;

    public TemplatePreviews(Transactions transactions) {
        this.transactions = transactions;
    }

    /** The locale of customers without a locale or language attribute, as the engine's setting says. */
    public TemplatePreviews withDefaultLocale(java.util.Locale locale) {
        this.defaultLocale = java.util.Objects.requireNonNull(locale, "locale");
        return this;
    }

    /** The most recently updated customers, newest first, for the preview's customer picker. */
    public List<CustomerChoice> recentCustomers(int max) {
        return transactions.inTransaction(em -> em.createQuery("select c from Customer c order by c.updatedAt desc,"
                        + " c.id", Customer.class).setMaxResults(max).getResultList().stream()
                .map(c -> new CustomerChoice(c.id(), c.name(), c.email())).toList());
    }

    /** The model of an email of {@code campaign} to the stored customer, or empty when there is no such customer. */
    public Optional<Map<String, Object>> model(String customerId, String campaign) {
        if (customerId == null || customerId.isBlank()) {
            return Optional.empty();
        }
        return transactions.inTransaction(em -> {
            Customer customer = em.find(Customer.class, customerId.strip());
            if (customer == null) {
                return Optional.empty();
            }
            List<CustomerOrder> orders = em.createQuery("select o from CustomerOrder o where o.customerId = :id"
                    + " order by o.orderedAt desc", CustomerOrder.class).setParameter("id", customer.id())
                    .setMaxResults(1).getResultList();
            String email = customer.email() == null ? "" : customer.email();
            String name = customer.name() == null ? "" : customer.name();
            CustomerEvent event;
            if (orders.isEmpty()) {
                event = new CustomerSignedUp("preview", customer.id(), email, name, customer.createdAt());
            } else {
                CustomerOrder order = orders.get(0);
                List<OrderCompleted.OrderItem> items = order.lines().stream().map(TemplatePreviews::item).toList();
                event = new OrderCompleted("preview", customer.id(), email, name, order.id(), order.currency(), items,
                        order.total(), order.orderedAt());
            }
            return Optional.of(EmailModel.of(customer, event, campaign,
                    CustomerLocale.read(em, customer.id(), defaultLocale), List.of()));
        });
    }

    private static OrderCompleted.OrderItem item(OrderLine line) {
        return new OrderCompleted.OrderItem(line.productId(), line.productName() == null ? "" : line.productName(),
                line.quantity(), line.unitPrice());
    }
}
