/**
 * Product recommendations, Herald's own code in primitive arrays (no ML library, no Camel).
 * <p>
 * {@link dev.herald.engine.reco.InteractionMatrix} holds customers × products (CSR and transpose, dense ids);
 * a {@link dev.herald.engine.reco.RecommenderAlgorithm} trains a {@link dev.herald.engine.reco.Recommender}
 * on a {@link dev.herald.engine.reco.WorkerPool} (deterministic for any thread count);
 * {@link dev.herald.engine.reco.Recommenders} names the shipped ones and the default hybrid;
 * {@link dev.herald.engine.reco.LiveRecommendations} serves them while purchases arrive and models are
 * swapped; {@link dev.herald.engine.reco.RecommendationFacts} is what campaign rules and templates see;
 * {@link dev.herald.engine.reco.OfflineEvaluation} measures them on a held-out split. Design:
 * docs/decisions/0009-recommendations-ease-knn-hybrid-in-primitive-arrays.md.
 */
package dev.herald.engine.reco;
