package dev.herald.engine.segment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Quintile scoring of recency, frequency and monetary value. Each dimension has four breakpoints, the values
 * at the 20/40/60/80 % ranks of the population sorted from worst to best; a customer's score is 1 plus the
 * number of breakpoints their value is strictly better than. Ties therefore always share a score (many
 * customers with one order all get F = 1), and a single customer can be scored against stored breakpoints
 * when an order arrives, without recomputing the population.
 *
 * @param recency   breakpoints in days (lower is better)
 * @param frequency breakpoints in orders (higher is better)
 * @param monetary  breakpoints in money (higher is better)
 */
public record RfmModel(double[] recency, double[] frequency, double[] monetary) {

    /** One customer's values as of a date. */
    public record Values(String customerId, int recencyDays, int frequency, double monetary) {
    }

    /** One customer's values, scores and segment. */
    public record Scored(Values values, int r, int f, int m, RfmSegment segment) {
    }

    public RfmModel {
        if (recency.length != 4 || frequency.length != 4 || monetary.length != 4) {
            throw new IllegalArgumentException("four breakpoints per dimension");
        }
    }

    /** Breakpoints of a population (at least one customer). */
    public static RfmModel fit(List<Values> population) {
        if (population.isEmpty()) {
            throw new IllegalArgumentException("no customers with orders to score");
        }
        int n = population.size();
        double[] r = new double[n];
        double[] f = new double[n];
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            Values v = population.get(i);
            r[i] = -v.recencyDays();  // higher = better for the common rule, negated back below
            f[i] = v.frequency();
            m[i] = v.monetary();
        }
        double[] rb = breakpoints(r);
        for (int i = 0; i < 4; i++) {
            rb[i] = -rb[i];
        }
        return new RfmModel(rb, breakpoints(f), breakpoints(m));
    }

    private static double[] breakpoints(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double[] b = new double[4];
        for (int i = 1; i <= 4; i++) {
            int index = (int) Math.ceil(i * n / 5.0) - 1;
            b[i - 1] = sorted[Math.max(0, index)];
        }
        return b;
    }

    public Scored score(Values v) {
        int r = 1;
        int f = 1;
        int m = 1;
        for (int i = 0; i < 4; i++) {
            if (v.recencyDays() < recency[i]) {
                r++;
            }
            if (v.frequency() > frequency[i]) {
                f++;
            }
            if (v.monetary() > monetary[i]) {
                m++;
            }
        }
        return new Scored(v, r, f, m, RfmSegment.of(r, f, m));
    }

    public List<Scored> scoreAll(List<Values> population) {
        List<Scored> scored = new ArrayList<>(population.size());
        for (Values v : population) {
            scored.add(score(v));
        }
        return scored;
    }
}
