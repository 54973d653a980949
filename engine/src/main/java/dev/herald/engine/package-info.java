/**
 * Herald's domain and application core. Everything here is plain Java plus Jakarta Persistence: no Camel,
 * no broker, no SMTP client, so the same code runs standalone and inside WildFly. Adapters (routes, the
 * command line, the EAR) call the application services and implement the ports.
 */
package dev.herald.engine;
