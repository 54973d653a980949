/**
 * The A/B report: counts in ({@link dev.herald.engine.experiment.report.AbInput}, read from JSON by
 * {@link dev.herald.engine.experiment.report.AbInputReader} or built from stored exposures), statistics out
 * ({@link dev.herald.engine.experiment.report.AbReport}), written as JSON, CSV or one self-contained HTML page.
 */
package dev.herald.engine.experiment.report;
