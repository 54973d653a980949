package dev.herald.engine.reco;

/** Trains a {@link Recommender} from interactions; training work runs on the given pool. */
public interface RecommenderAlgorithm {

    String name();

    Recommender train(InteractionMatrix interactions, WorkerPool pool);
}
