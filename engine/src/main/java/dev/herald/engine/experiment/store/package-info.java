/**
 * Storage of experiments (JPA over the V3 migration's tables): designs, exposures, attributed outcomes and
 * auto-winner decisions, and {@link dev.herald.engine.experiment.store.ExperimentService}, which assigns,
 * records, attributes and reads back the counts an A/B report needs.
 */
package dev.herald.engine.experiment.store;
