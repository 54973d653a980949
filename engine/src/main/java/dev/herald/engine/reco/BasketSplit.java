package dev.herald.engine.reco;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Makes a leave-last-basket split from a file of baskets (customer, product, basket, date; one row per basket ×
 * product), so that {@code herald reco eval} can run on a shop's own order history as it does on the Online Retail
 * split. Each customer's baskets are put in time order (date, then basket id, as numbers when both are numbers);
 * a customer with two or more holds out the last, the rest is training, and a customer with one basket is training
 * only.
 *
 * <p>With an end date, baskets after it are dropped first. That gives a split shaped like the real one but a step
 * back in time, on which settings can be chosen without looking at the real held-out baskets: ADR 0052 found that
 * such time-cut splits agree with the real test where held-out baskets cut from the training baskets alone did not.
 */
public final class BasketSplit {

    private static final String[][] COLUMNS = {InteractionFiles.CUSTOMER, InteractionFiles.PRODUCT,
            InteractionFiles.BASKET, InteractionFiles.LAST_PURCHASE};

    /** What a split wrote. */
    public record Result(int customers, int heldOutCustomers, long trainRows, long testRows, long droppedRows,
                         LocalDate firstDay, LocalDate lastDay) {
    }

    private BasketSplit() {
    }

    /**
     * Splits {@code baskets} into {@code trainFile} (customer_id, stock_code, basket, date: the format
     * {@link InteractionFiles} reads) and {@code testFile} (customer_id, stock_code, is_new: the format
     * {@link HeldOutBaskets} reads), keeping only baskets dated on or before {@code until} when it is not null.
     *
     * @throws InteractionFileException for a malformed input file, with its line, or when no customer has two
     *                                  baskets to split
     */
    public static Result write(Path baskets, LocalDate until, Path trainFile, Path testFile) {
        Map<String, Map<String, Basket>> byCustomer = new LinkedHashMap<>();
        long[] rows = {0, 0};  // read, dropped after `until`
        int untilDay = until == null ? Integer.MAX_VALUE : (int) until.toEpochDay();
        DelimitedFile.read(baskets, COLUMNS, COLUMNS.length, row -> {
            rows[0]++;
            String customer = plainValue(baskets, row, InteractionFiles.requireId(baskets, row, 0, "customer"));
            String product = plainValue(baskets, row, InteractionFiles.requireId(baskets, row, 1, "product"));
            String basketId = plainValue(baskets, row, InteractionFiles.requireId(baskets, row, 2, "basket"));
            String date = row.get(3);
            if (date.isEmpty()) {
                throw new InteractionFileException(baskets, row.line(), "empty date");
            }
            int day = InteractionFiles.day(baskets, row, date);
            if (day > untilDay) {
                rows[1]++;
                return;
            }
            Basket basket = byCustomer.computeIfAbsent(customer, c -> new LinkedHashMap<>())
                    .computeIfAbsent(basketId, id -> new Basket(id, day));
            basket.day = Math.min(basket.day, day);  // a basket's lines may straddle midnight: its first day
            basket.products.add(product);
        });
        if (rows[0] == 0) {
            throw new InteractionFileException(baskets, 0, "no data rows after the header");
        }
        if (byCustomer.values().stream().noneMatch(customerBaskets -> customerBaskets.size() >= 2)) {
            throw new InteractionFileException(baskets, 0, "no customer has two or more baskets"
                    + (until == null ? "" : " dated on or before " + until) + ": there is no last basket to hold out");
        }
        int heldOut = 0;
        long trainRows = 0;
        long testRows = 0;
        int firstDay = Integer.MAX_VALUE;
        int lastDay = Integer.MIN_VALUE;
        try (BufferedWriter train = Files.newBufferedWriter(trainFile, StandardCharsets.UTF_8);
             BufferedWriter test = Files.newBufferedWriter(testFile, StandardCharsets.UTF_8)) {
            train.write("customer_id\tstock_code\tbasket\tdate\n");
            test.write("customer_id\tstock_code\tis_new\n");
            for (Map.Entry<String, Map<String, Basket>> entry : byCustomer.entrySet()) {
                String customer = entry.getKey();
                List<Basket> ordered = new ArrayList<>(entry.getValue().values());
                ordered.sort(IN_TIME);
                int trainCount = ordered.size() >= 2 ? ordered.size() - 1 : ordered.size();
                Set<String> bought = new LinkedHashSet<>();
                for (Basket basket : ordered.subList(0, trainCount)) {
                    String date = LocalDate.ofEpochDay(basket.day).toString();
                    for (String product : basket.products) {
                        train.write(customer + '\t' + product + '\t' + basket.id + '\t' + date + '\n');
                        trainRows++;
                        bought.add(product);
                    }
                }
                for (Basket basket : ordered) {
                    firstDay = Math.min(firstDay, basket.day);
                    lastDay = Math.max(lastDay, basket.day);
                }
                if (trainCount < ordered.size()) {
                    heldOut++;
                    for (String product : ordered.get(trainCount).products) {
                        test.write(customer + '\t' + product + '\t' + (bought.contains(product) ? 0 : 1) + '\n');
                        testRows++;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the split: " + e.getMessage(), e);
        }
        return new Result(byCustomer.size(), heldOut, trainRows, testRows, rows[1], LocalDate.ofEpochDay(firstDay),
                LocalDate.ofEpochDay(lastDay));
    }

    /** A value goes into a tab-separated file unquoted, so it must not hold a tab or a line break. */
    private static String plainValue(Path file, DelimitedFile.Row row, String value) {
        if (value.indexOf('\t') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new InteractionFileException(file, row.line(), "a value holds a tab or a line break: '"
                    + value.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r") + "'");
        }
        return value;
    }

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]+");

    private static final Comparator<Basket> IN_TIME = Comparator.<Basket>comparingInt(b -> b.day)
            .thenComparing((a, b) -> compareIds(a.id, b.id));

    /** Numerically when both ids are whole numbers (basket 2 before basket 10), else as text. */
    static int compareIds(String a, String b) {
        if (WHOLE_NUMBER.matcher(a).matches() && WHOLE_NUMBER.matcher(b).matches()) {
            return new BigInteger(a).compareTo(new BigInteger(b));
        }
        return a.compareTo(b);
    }

    /** One basket of one customer: its first day and its distinct products in file order. */
    private static final class Basket {
        final String id;
        int day;
        final Set<String> products = new LinkedHashSet<>();

        Basket(String id, int day) {
            this.id = id;
            this.day = day;
        }
    }
}
