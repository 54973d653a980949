/**
 * Customer profiles, their orders and the record of processed events: the state every decision reads.
 */
package dev.herald.engine.customer;
