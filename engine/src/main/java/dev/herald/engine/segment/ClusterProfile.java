package dev.herald.engine.segment;

import java.util.Map;

/**
 * What a cluster is, in original units: its size, mean and median of every feature, the composition of every
 * categorical column (value → customers), and a plain-language label such as
 * "Retail — grocery and detergents paper heavy".
 */
public record ClusterProfile(int cluster, String label, int size, double[] mean, double[] median,
                             Map<String, Map<String, Integer>> composition) {
}
