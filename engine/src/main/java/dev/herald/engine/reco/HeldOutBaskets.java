package dev.herald.engine.reco;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The held-out last baskets of a leave-last-basket split: a header row, then customer, product and
 * {@code is_new} (1 = not bought in training, 0 = bought before). Products unknown to the training data stay
 * as targets (they count in recall and NDCG but can never be hit).
 */
public final class HeldOutBaskets {

    static final String[] IS_NEW = {"is_new", "new"};

    /** One customer's held-out basket: the training index (-1 if unknown) and its targets. */
    public record Basket(String customerId, int user, List<Integer> allItems, List<Integer> newItems) {
    }

    private final List<Basket> baskets;

    private HeldOutBaskets(List<Basket> baskets) {
        this.baskets = baskets;
    }

    public List<Basket> baskets() {
        return baskets;
    }

    /** Reads {@code file}; products and customers are looked up in the training matrix. */
    public static HeldOutBaskets read(Path file, InteractionMatrix train) {
        Map<String, List<Integer>> all = new LinkedHashMap<>();
        Map<String, List<Integer>> news = new HashMap<>();
        Map<String, Integer> unknownItems = new HashMap<>();
        long[] rows = {0};
        DelimitedFile.read(file, new String[][] {InteractionFiles.CUSTOMER, InteractionFiles.PRODUCT, IS_NEW}, 3,
                row -> {
                    rows[0]++;
                    String customer = InteractionFiles.requireId(file, row, 0, "customer");
                    String product = InteractionFiles.requireId(file, row, 1, "product");
                    String isNew = row.get(2);
                    if (!"0".equals(isNew) && !"1".equals(isNew)) {
                        throw new InteractionFileException(file, row.line(),
                                "is_new must be 0 or 1, got '" + isNew + "'");
                    }
                    OptionalInt known = train.items().indexOf(product);
                    int item = known.isPresent() ? known.getAsInt()
                            : -1 - unknownItems.computeIfAbsent(product, p -> unknownItems.size());
                    List<Integer> basket = all.computeIfAbsent(customer, c -> new ArrayList<>());
                    if (basket.contains(item)) {
                        return;
                    }
                    basket.add(item);
                    if (isNew.equals("1")) {
                        news.computeIfAbsent(customer, c -> new ArrayList<>()).add(item);
                    }
                });
        if (rows[0] == 0) {
            throw new InteractionFileException(file, 0, "no data rows after the header");
        }
        List<Basket> baskets = new ArrayList<>();
        all.forEach((customer, items) -> baskets.add(new Basket(customer,
                train.users().indexOf(customer).orElse(-1), List.copyOf(items),
                List.copyOf(news.getOrDefault(customer, List.of())))));
        return new HeldOutBaskets(baskets);
    }
}
