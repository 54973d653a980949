package dev.herald.engine.segment;

import jakarta.persistence.EntityManager;

import java.util.Optional;

/**
 * The stored RFM breakpoints, read when first needed and kept for a batch of events (ADR 0041). Only a full
 * computation ({@code herald segment rfm}) writes them, outside the event pipeline; a batch sees them as of its first
 * order, as it sees experiments as of its first question (ADR 0038).
 */
public final class RfmBreakpoints {

    private Optional<RfmModel> model;

    /** Nothing read yet. */
    public RfmBreakpoints() {
    }

    /** The breakpoints of the last full computation, if any: read on the first call only. */
    public Optional<RfmModel> model(EntityManager em) {
        if (model == null) {
            model = RfmService.storedModel(em);
        }
        return model;
    }
}
