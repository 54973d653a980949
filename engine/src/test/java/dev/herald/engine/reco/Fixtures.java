package dev.herald.engine.reco;

/** Tiny hand-checkable data sets. */
final class Fixtures {

    private Fixtures() {
    }

    /**
     * u0: A B; u1: A B C; u2: B C; u3: A. Buyers: A 3, B 3, C 2. Co-purchases: A·B 2, A·C 1, B·C 2.
     * Item indexes A=0, B=1, C=2 (order of first sight).
     */
    static InteractionMatrix abc() {
        return InteractionMatrix.builder()
                .add("u0", "A", 1).add("u0", "B", 1)
                .add("u1", "A", 1).add("u1", "B", 1).add("u1", "C", 1)
                .add("u2", "B", 1).add("u2", "C", 1)
                .add("u3", "A", 1)
                .build();
    }

    static int item(InteractionMatrix m, String id) {
        return m.items().indexOf(id).orElseThrow();
    }

    static int user(InteractionMatrix m, String id) {
        return m.users().indexOf(id).orElseThrow();
    }
}
