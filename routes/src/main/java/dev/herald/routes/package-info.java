/**
 * Herald's Camel routes: the adapters between the outside world (JMS queues, HTTP, SMTP) and the engine's
 * application services. Routes stay thin: turn a message into a value, call a service, record the outcome.
 * Dispatch errors are handled apart, in {@link dev.herald.routes.HeraldErrorHandling}; the batched ingest routes handle
 * each event's failure in {@link dev.herald.routes.EventIngestion} (ADR 0032). The routes receive their
 * JMS ConnectionFactory, mail settings and services from whoever hosts them (the standalone app or the EAR).
 */
package dev.herald.routes;
