/**
 * Engagement scoring (ADR 0075): points for what a customer does (opens, clicks, visits, carts, orders), halved every
 * half-life, stored as the {@code engagement_score} attribute and the segments of scheme {@code engagement}.
 */
package dev.herald.engine.scoring;
