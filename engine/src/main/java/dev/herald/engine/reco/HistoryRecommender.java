package dev.herald.engine.reco;

/**
 * Re-buy: the customer's own products by how many baskets they appeared in (frequency), optionally times
 * 2^(−age / half-life) of their last purchase (recency) when the data has dates; among equal scores (and for
 * the products never bought) a small share of global popularity decides. Purely history-based, so a purchase
 * made after training counts at once (as bought on the newest day).
 */
public final class HistoryRecommender implements Recommender {

    /** Weight of popularity (in [0, 1]) relative to one basket: small enough never to outrank a purchase. */
    static final float POPULARITY_TIE_BREAK = 0.5f;

    /** Frequency only (on the Online Retail split the customer's own recency did not improve the ranking). */
    public static RecommenderAlgorithm algorithm() {
        return algorithm(0);
    }

    /** Frequency × recency with the given half-life in days (0 = frequency only). */
    public static RecommenderAlgorithm algorithm(double halfLifeDays) {
        return algorithm(halfLifeDays, 0, 0);
    }

    /**
     * As {@link #algorithm(double)}, plus a trend term: {@code trendWeight} × the product's recent popularity
     * (share of customers whose last purchase of it falls in the last {@code trendDays} days of the data,
     * scaled so the trendiest product gets 1). A product everybody is buying right now (seasonal goods) moves up
     * the customer's own list by up to {@code trendWeight} baskets. Without dates in the data it is off.
     */
    public static RecommenderAlgorithm algorithm(double halfLifeDays, int trendDays, double trendWeight) {
        return new RecommenderAlgorithm() {
            @Override
            public String name() {
                return "history";
            }

            @Override
            public Recommender train(InteractionMatrix m, WorkerPool pool) {
                float[] trend = new float[m.numItems()];
                if (trendDays > 0 && trendWeight > 0 && m.hasDays()) {
                    PopularityRecommender.recent(trendDays).train(m, pool).score(-1, UserHistory.EMPTY, trend);
                    float max = 0;
                    for (float t : trend) {
                        max = Math.max(max, t);
                    }
                    for (int i = 0; i < trend.length; i++) {
                        trend[i] = max > 0 ? (float) (trendWeight * trend[i] / max) : 0;
                    }
                }
                return new HistoryRecommender(PopularityRecommender.train(m, null, 0), m, halfLifeDays, trend);
            }
        };
    }

    private final PopularityRecommender popularity;
    private final float[] tieBreak;
    private final InteractionMatrix data;
    private final double halfLifeDays;
    /** Recent popularity per product, in baskets (all zero when off). */
    private final float[] trend;

    private HistoryRecommender(PopularityRecommender popularity, InteractionMatrix data, double halfLifeDays,
                               float[] trend) {
        this.trend = trend;
        this.data = data;
        this.halfLifeDays = halfLifeDays > 0 && data.hasDays() ? halfLifeDays : 0;
        this.popularity = popularity;
        this.tieBreak = new float[popularity.numItems()];
        popularity.score(-1, UserHistory.EMPTY, tieBreak);
        float max = 0;
        for (float p : tieBreak) {
            max = Math.max(max, p);
        }
        for (int i = 0; i < tieBreak.length; i++) {
            tieBreak[i] = max > 0 ? POPULARITY_TIE_BREAK * tieBreak[i] / max : 0;
        }
    }

    @Override
    public String name() {
        return "history";
    }

    @Override
    public int numItems() {
        return tieBreak.length;
    }

    @Override
    public void score(int user, UserHistory history, float[] out) {
        System.arraycopy(tieBreak, 0, out, 0, out.length);
        int[] items = history.items();
        float[] counts = history.counts();
        for (int k = 0; k < items.length; k++) {
            if (items[k] < out.length) {
                out[items[k]] += counts[k] * (float) recency(user, items[k]) + trend[items[k]];
            }
        }
    }

    /** 2^(−age / half-life) of the customer's last purchase of the item; 1 without dates or for new purchases. */
    double recency(int user, int item) {
        if (halfLifeDays == 0 || user < 0 || user >= data.numUsers()) {
            return 1;
        }
        int start = data.userStart(user);
        int end = data.userEnd(user);
        int lo = start;
        int hi = end - 1;
        while (lo <= hi) {  // rows are sorted by item
            int mid = (lo + hi) >>> 1;
            int at = data.itemAt(mid);
            if (at < item) {
                lo = mid + 1;
            } else if (at > item) {
                hi = mid - 1;
            } else {
                int day = data.lastDayAt(mid);
                return day == InteractionMatrix.NO_DAY ? 1 : Math.pow(0.5, (data.newestDay() - day) / halfLifeDays);
            }
        }
        return 1;
    }

    @Override
    public Reason explain(int user, UserHistory history, int item) {
        return history.contains(item) ? new Reason(Reason.Kind.BOUGHT_BEFORE, item)
                : popularity.explain(user, history, item);
    }
}
