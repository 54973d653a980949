/**
 * A/B and multivariate experiments: deterministic, sticky variant assignment with holdouts
 * ({@link dev.herald.engine.experiment.VariantAssigner}), the statistics campaign teams decide from
 * ({@code stats}) and the A/B report built on them ({@code report}). Pure Java: no Camel, no I/O besides
 * what the caller hands in, so the same numbers come out of the command line, the EAR and the tests.
 */
package dev.herald.engine.experiment;
