package dev.herald.rules.campaign;

import dev.herald.rules.RuleCompilationException;
import dev.herald.rules.RuleError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The campaign rule base in use, replaceable while events are being decided. A reload compiles the new rule base
 * on a background thread and swaps it in with one atomic reference write, so a decision runs entirely on the old
 * or entirely on the new rules; if the new one fails validation or compilation the old one keeps running and the
 * errors are kept for {@link #lastReload()} (the HTTP API shows them) and logged. Before the swap, the new rule
 * base is warmed up on a sample of recent situations (see {@code warmUp}).
 */
public final class RuleBaseHolder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RuleBaseHolder.class);

    /**
     * How the last reload went. {@code errors} is empty when it succeeded; {@code warmUpEvaluations} says how
     * many recent situations were replayed on the new rule base before it went live.
     */
    public record ReloadResult(boolean swapped, String version, List<RuleError> errors, Instant at,
                               long warmUpEvaluations) {
    }

    /** Recent situations kept for warming up a new rule base. */
    static final int RECENT_SITUATIONS = 256;
    /** How long a reload spends warming up the new rule base before swapping it in (when there was traffic). */
    static final Duration WARM_UP_BUDGET = Duration.ofSeconds(5);
    /** Replays of the sample after which warming up stops early. */
    static final int WARM_UP_ROUNDS = 100;

    private final AtomicReferenceArray<Situation> recent = new AtomicReferenceArray<>(RECENT_SITUATIONS);
    private final AtomicLong evaluations = new AtomicLong();
    private final AtomicReference<CampaignRuleBase> current;
    private final AtomicReference<ReloadResult> lastReload;
    private final List<Consumer<ReloadResult>> reloadListeners = new CopyOnWriteArrayList<>();
    private final ExecutorService compiler = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "herald-rules-compiler");
        thread.setDaemon(true);
        return thread;
    });

    public RuleBaseHolder(CampaignRuleBase initial) {
        current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
        lastReload = new AtomicReference<>(new ReloadResult(true, initial.version(), List.of(), Instant.now(), 0));
    }

    /** Evaluates a situation on the current rule base, keeping a sample of situations for warming up reloads. */
    public Verdict evaluate(Situation situation) {
        long n = evaluations.getAndIncrement();
        if (n < RECENT_SITUATIONS || n % 16 == 0) {
            recent.set((int) (n % RECENT_SITUATIONS), situation);
        }
        return current.get().evaluate(situation);
    }

    public CampaignRuleBase current() {
        return current.get();
    }

    public ReloadResult lastReload() {
        return lastReload.get();
    }

    /**
     * Tells {@code listener} the outcome of every later reload, swapped or rejected (e.g. to audit who changed
     * the campaigns and when). Called on the compiler thread; a failing listener is logged and ignored.
     */
    public void onReload(Consumer<ReloadResult> listener) {
        reloadListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Builds a new rule base in the background and swaps it in when it compiled. Reloads run one at a time, in
     * the order requested.
     */
    public CompletableFuture<ReloadResult> reload(Supplier<CampaignRuleBase> build) {
        return CompletableFuture.supplyAsync(() -> {
            ReloadResult result;
            try {
                CampaignRuleBase next = build.get();
                long warmUps = warmUp(next);
                CampaignRuleBase previous = current.getAndSet(next);
                result = new ReloadResult(true, next.version(), List.of(), Instant.now(), warmUps);
                LOG.info("campaign rules reloaded: version {} ({} campaigns) replaces {}", next.version(),
                        next.campaigns().size(), previous.version());
            } catch (RuleCompilationException e) {
                result = new ReloadResult(false, current.get().version(), e.errors(), Instant.now(), 0);
                LOG.warn("campaign rules NOT reloaded, version {} keeps running:\n{}", current.get().version(),
                        e.getMessage());
            } catch (RuntimeException e) {
                result = new ReloadResult(false, current.get().version(),
                        List.of(new RuleError(null, 0, String.valueOf(e.getMessage()))), Instant.now(), 0);
                LOG.error("campaign rules NOT reloaded, version {} keeps running", current.get().version(), e);
            }
            lastReload.set(result);
            for (Consumer<ReloadResult> listener : reloadListeners) {
                try {
                    listener.accept(result);
                } catch (RuntimeException e) {
                    LOG.error("a rule reload listener failed", e);
                }
            }
            return result;
        }, compiler);
    }

    /**
     * Replays recent situations on a new rule base before it goes live, while the old one keeps serving: Drools
     * runs a fresh rule base's constraints interpreted until it has JIT-compiled them, which makes the first
     * seconds after a load much slower. Bounded by {@link #WARM_UP_BUDGET} and {@link #WARM_UP_ROUNDS}.
     */
    private long warmUp(CampaignRuleBase next) {
        List<Situation> sample = new java.util.ArrayList<>();
        for (int i = 0; i < RECENT_SITUATIONS; i++) {
            Situation situation = recent.get(i);
            if (situation != null) {
                sample.add(situation);
            }
        }
        if (sample.isEmpty()) {
            return 0;
        }
        long deadline = System.nanoTime() + WARM_UP_BUDGET.toNanos();
        long replayed = 0;
        // Drools compiles constraints in the background after a few evaluations each, so a round's speed says
        // little about when it is done: replay for the time budget, or a fixed number of rounds.
        for (int round = 0; round < WARM_UP_ROUNDS && System.nanoTime() < deadline; round++) {
            for (Situation situation : sample) {
                next.evaluate(situation);
            }
            replayed += sample.size();
        }
        LOG.info("warmed up rule base {} with {} recent situations", next.version(), replayed);
        return replayed;
    }

    @Override
    public void close() {
        compiler.shutdownNow();
    }
}
