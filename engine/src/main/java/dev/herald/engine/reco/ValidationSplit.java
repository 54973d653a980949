package dev.herald.engine.reco;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A validation split carved from training data only, imitating "the next basket": for a sample of customers
 * with at least three products over two or more baskets, each product joins a pseudo-basket with probability
 * {@code share · count / maxCount} (a basket drawn from the customer's habits: staples come back, one-offs
 * rarely). A product bought in one basket leaves the history (a new-item target); one bought in several loses
 * one basket and stays (a repeat target). Seeded per customer, so the split never depends on thread count.
 */
public record ValidationSplit(InteractionMatrix train, int[] users, int[][] newTargets, int[][] allTargets) {

    public static ValidationSplit carve(InteractionMatrix m, int maxUsers, double share, long seed) {
        InteractionMatrix.Builder builder = InteractionMatrix.builder(m.users(), m.items());
        List<Integer> users = new ArrayList<>();
        List<int[]> newTargets = new ArrayList<>();
        List<int[]> allTargets = new ArrayList<>();
        int eligible = 0;
        for (int u = 0; u < m.numUsers(); u++) {
            if (eligible(m, u)) {
                eligible++;
            }
        }
        double userShare = Math.min(1.0, maxUsers / (double) Math.max(1, eligible));
        for (int u = 0; u < m.numUsers(); u++) {
            SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + u);
            boolean chosen = eligible(m, u) && random.nextDouble() < userShare;
            List<Integer> news = new ArrayList<>();
            List<Integer> all = new ArrayList<>();
            float maxCount = maxCount(m, u);
            for (int k = m.userStart(u); k < m.userEnd(u); k++) {
                int item = m.itemAt(k);
                float count = m.userCountAt(k);
                if (chosen && random.nextDouble() < share * count / maxCount) {
                    all.add(item);
                    if (count <= 1) {
                        news.add(item);
                        continue;
                    }
                    count -= 1;
                }
                builder.add(u, item, count);
            }
            if (chosen && !all.isEmpty()) {
                users.add(u);
                newTargets.add(news.stream().mapToInt(Integer::intValue).toArray());
                allTargets.add(all.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        return new ValidationSplit(builder.build(), users.stream().mapToInt(Integer::intValue).toArray(),
                newTargets.toArray(int[][]::new), allTargets.toArray(int[][]::new));
    }

    /** Customers with three or more products bought over at least two baskets: they have habits to imitate. */
    private static boolean eligible(InteractionMatrix m, int u) {
        return m.userDegree(u) >= 3 && maxCount(m, u) >= 2;
    }

    private static float maxCount(InteractionMatrix m, int u) {
        float max = 0;
        for (int k = m.userStart(u); k < m.userEnd(u); k++) {
            max = Math.max(max, m.userCountAt(k));
        }
        return max;
    }
}
