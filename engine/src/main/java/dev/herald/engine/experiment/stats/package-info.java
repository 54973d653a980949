/**
 * The statistics behind Herald's A/B reports, one small class per method, each documented in
 * {@code docs/ab-statistics.md} and checked against reference values computed with SciPy.
 * Every method returns {@code null} (never NaN or infinity) for a value that cannot be computed.
 */
package dev.herald.engine.experiment.stats;
