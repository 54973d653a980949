package dev.herald.rules.campaign;

import dev.herald.engine.segment.RfmSegment;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What exists outside the rule base that definitions refer to by name: segments (from the segment engine) and
 * email templates (from the templates module, which the rules module does not depend on: hence injected).
 */
public record Catalog(Set<String> segments, Predicate<String> templateExists) {

    /** The RFM segment names the segment engine assigns ({@link RfmSegment} labels); a folder may add more. */
    public static final Set<String> RFM_SEGMENTS = Arrays.stream(RfmSegment.values()).map(RfmSegment::label)
            .collect(Collectors.toUnmodifiableSet());

    /**
     * Every segment name Herald's own engines assign: RFM's, the lifetime model's
     * ({@link dev.herald.engine.lifetime.LifetimeSegment}, ADR 0072) and engagement scoring's
     * ({@link dev.herald.engine.scoring.EngagementSegment}, ADR 0075).
     */
    public static final Set<String> ENGINE_SEGMENTS = java.util.stream.Stream.of(RFM_SEGMENTS.stream(),
            Arrays.stream(dev.herald.engine.lifetime.LifetimeSegment.values())
                    .map(dev.herald.engine.lifetime.LifetimeSegment::label),
            Arrays.stream(dev.herald.engine.scoring.EngagementSegment.values())
                    .map(dev.herald.engine.scoring.EngagementSegment::label))
            .flatMap(s -> s).collect(Collectors.toUnmodifiableSet());

    public Catalog {
        segments = Set.copyOf(segments);
    }

    /** This catalogue plus more segment names. */
    public Catalog withSegments(Set<String> more) {
        Set<String> all = new TreeSet<>(segments);
        all.addAll(more);
        return new Catalog(all, templateExists);
    }
}
