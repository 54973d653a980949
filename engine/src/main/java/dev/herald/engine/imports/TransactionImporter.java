package dev.herald.engine.imports;

import dev.herald.engine.customer.Customer;
import dev.herald.engine.customer.CustomerOrder;
import dev.herald.engine.customer.OrderLine;
import dev.herald.engine.imports.CleanedTransactions.LineDraft;
import dev.herald.engine.imports.CleanedTransactions.OrderDraft;
import dev.herald.engine.persistence.Transactions;
import jakarta.persistence.EntityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stores cleaned orders in the same tables, through the same entities, as live {@code order_completed}
 * events: customers (created on first sight, order count and lifetime spend updated), orders with their
 * lines, and the products they name. Orders are written in batches, one transaction each, so an interrupted
 * import keeps every batch it committed; an order whose id (the invoice number) is already on record is
 * skipped whole, which makes re-running the same file a no-op and an interrupted run resumable.
 */
public final class TransactionImporter {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionImporter.class);

    /** Orders per transaction: large enough to amortise the commit, small enough to keep memory flat. */
    public static final int DEFAULT_BATCH = 1_000;

    private final Transactions transactions;
    private final Clock clock;
    private final int batchSize;

    public TransactionImporter(Transactions transactions, Clock clock, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive");
        }
        this.transactions = transactions;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    public TransactionImporter(Transactions transactions, Clock clock) {
        this(transactions, clock, DEFAULT_BATCH);
    }

    /** What storing did. */
    public record StoreResult(long ordersStored, long ordersAlreadyPresent, long linesStored,
                              long customersCreated, long productsCreated) {
    }

    /** Stores {@code cleaned}; progress counts order lines. */
    public StoreResult store(CleanedTransactions cleaned, ImportProgress progress) {
        Set<String> knownProducts = new HashSet<>(transactions.inTransaction(em ->
                em.createQuery("select p.id from Product p", String.class).getResultList()));
        long totalLines = cleaned.counts().rowsAccepted();
        long[] tally = new long[5]; // stored, present, lines, customers, products
        long linesDone = 0;
        List<OrderDraft> orders = cleaned.orders();
        for (int from = 0; from < orders.size(); from += batchSize) {
            List<OrderDraft> batch = orders.subList(from, Math.min(orders.size(), from + batchSize));
            transactions.inTransaction(em -> {
                storeBatch(em, batch, cleaned.currency(), knownProducts, tally);
                return null;
            });
            for (OrderDraft o : batch) {
                linesDone += o.lines().size();
            }
            progress.update("writing", linesDone, totalLines);
        }
        StoreResult result = new StoreResult(tally[0], tally[1], tally[2], tally[3], tally[4]);
        LOG.info("{}: {} orders stored ({} lines), {} already on record; {} customers and {} products created",
                cleaned.source(), result.ordersStored(), result.linesStored(), result.ordersAlreadyPresent(),
                result.customersCreated(), result.productsCreated());
        return result;
    }

    private void storeBatch(EntityManager em, List<OrderDraft> batch, String currency, Set<String> knownProducts,
                            long[] tally) {
        Instant now = clock.instant();
        List<String> ids = batch.stream().map(OrderDraft::invoice).toList();
        Set<String> present = new HashSet<>(em.createQuery(
                "select o.id from CustomerOrder o where o.id in :ids", String.class)
                .setParameter("ids", ids).getResultList());
        List<String> customerIds = batch.stream().filter(o -> !present.contains(o.invoice()))
                .map(OrderDraft::customerId).distinct().toList();
        Map<String, Customer> customers = new HashMap<>();
        if (!customerIds.isEmpty()) {
            em.createQuery("select c from Customer c where c.id in :ids", Customer.class)
                    .setParameter("ids", customerIds).getResultList()
                    .forEach(c -> customers.put(c.id(), c));
        }
        for (OrderDraft order : batch) {
            if (!present.contains(order.invoice()) && !customers.containsKey(order.customerId())) {
                Customer customer = new Customer(order.customerId(), "", "", now);
                em.persist(customer);
                if (!order.country().isEmpty()) {
                    em.persist(new CustomerAttribute(customer.id(), "country", order.country(), null));
                }
                customers.put(customer.id(), customer);
                tally[3]++;
            }
        }
        em.flush(); // customers before the orders that reference them (insert ordering groups by entity)
        List<Product> newProducts = new ArrayList<>();
        for (OrderDraft order : batch) {
            if (present.contains(order.invoice())) {
                tally[1]++;
                continue;
            }
            Customer customer = customers.get(order.customerId());
            List<OrderLine> lines = new ArrayList<>(order.lines().size());
            for (LineDraft line : order.lines()) {
                lines.add(new OrderLine(line.stockCode(), line.description(), line.quantity(), line.unitPrice()));
                if (knownProducts.add(line.stockCode())) {
                    newProducts.add(new Product(line.stockCode(), line.description(),
                            CleaningPolicy.isNonProductCode(line.stockCode()) ? Product.Kind.SERVICE
                                    : Product.Kind.PRODUCT, order.orderedAt()));
                }
            }
            em.persist(new CustomerOrder(order.invoice(), customer.id(), "import:" + order.invoice(),
                    currency, order.total(), order.orderedAt(), lines));
            customer.recordOrder(order.total(), now);
            tally[0]++;
            tally[2] += lines.size();
        }
        newProducts.forEach(em::persist);
        tally[4] += newProducts.size();
        em.flush();
        em.clear();
    }
}
