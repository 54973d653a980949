/**
 * A JMS consumer that takes several waiting messages per local transaction (ADR 0032): Camel's jms component
 * commits once per message, and camel-sjms has no batching consumer yet.
 */
package dev.herald.routes.batch;
