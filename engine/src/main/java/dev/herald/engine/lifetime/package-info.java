/**
 * Customer lifetime predictions (ADR 0072): the BG/NBD model of repeat buying (Fader, Hardie and Lee, 2005) fitted
 * to the stored orders, giving each customer the chance they are still a customer and the orders they are expected
 * to place in the coming days; and its evaluation on a calibration/holdout split of a transactions file.
 */
package dev.herald.engine.lifetime;
