/**
 * How the engine reaches its database: the persistence unit, the Flyway migrations and the transaction port.
 */
package dev.herald.engine.persistence;
