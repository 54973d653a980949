package dev.herald.engine.reco;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Maps external ids (customer ids, stock codes) to dense ints 0..size-1 so the models can live in primitive
 * arrays. Not thread-safe while being filled; read-only (and safe to share) once the matrix is built.
 */
public final class IdIndex {

    private final Map<String, Integer> indexById = new HashMap<>();
    private final List<String> ids = new ArrayList<>();

    /** Returns the dense index of {@code id}, assigning the next free one on first sight. */
    public int add(String id) {
        Integer existing = indexById.get(id);
        if (existing != null) {
            return existing;
        }
        int index = ids.size();
        indexById.put(id, index);
        ids.add(id);
        return index;
    }

    public OptionalInt indexOf(String id) {
        Integer index = indexById.get(id);
        return index == null ? OptionalInt.empty() : OptionalInt.of(index);
    }

    public String id(int index) {
        return ids.get(index);
    }

    public int size() {
        return ids.size();
    }
}
