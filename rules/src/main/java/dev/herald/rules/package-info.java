/**
 * Herald's rule base: the Drools implementation of the engine's
 * {@link dev.herald.engine.decision.DecisionService} port. DRL files (built in under
 * {@code dev/herald/rules/} on the classpath, or supplied as text) are compiled at run time with the KIE
 * API into one shared {@code KieBase}; every decision runs in its own short-lived session that sees one
 * {@link dev.herald.engine.decision.DecisionFacts} and may only insert
 * {@link dev.herald.engine.decision.Decision}s, so rules stay free of side effects and safe to call from
 * many threads. Compilation problems are reported per file and line ({@link dev.herald.rules.RuleCompilationException})
 * so a rule author can fix them, and each rule base carries a content hash as its version.
 */
package dev.herald.rules;
