package dev.herald.rules.campaign;

import dev.herald.rules.RuleCompilationException;
import dev.herald.rules.RuleError;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Edits the campaigns from the console: validates an edited file with the rest of the folder, simulates it for a
 * customer without publishing, and publishes it through the rule base holder's reload, the path the folder watcher
 * and {@code POST /v1/rules} take (compiled in the background, swapped atomically, audited; when the new version
 * does not compile the last good one keeps running). A file is written to the store only when it validates, so
 * the folder always holds what runs, and a restart starts the same campaigns.
 */
public final class CampaignPublisher {

    private static final long RELOAD_TIMEOUT_SECONDS = 60;
    private static final Pattern ENABLED_LINE = Pattern.compile("enabled\\s*:.*");
    private static final Pattern TOP_LEVEL_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*\\s*:.*");

    private final CampaignStore store;
    private final CampaignLoader loader;
    private final RuleBaseHolder holder;
    private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Told of each publish that went live, with the whole folder as it now is. It is called while this publisher's
     * monitor is held, so no other publish runs meanwhile; a listener must not wait for another thread that
     * publishes.
     */
    public interface Listener {
        void published(Map<String, String> folder, String version);
    }

    public CampaignPublisher(CampaignStore store, CampaignLoader loader, RuleBaseHolder holder) {
        this.store = store;
        this.loader = loader;
        this.holder = holder;
    }

    /** How a publish went: live with the new version, or refused with every error while {@code version} runs on. */
    public record Outcome(boolean live, String version, List<RuleError> errors) {
        public Outcome {
            errors = List.copyOf(errors);
        }
    }

    /** A simulation: the verdict of the edited campaigns for one situation, and why the edited campaign did not start. */
    public record Simulation(List<RuleError> errors, Verdict verdict, String campaign, List<String> unmet) {
        public Simulation {
            errors = List.copyOf(errors);
            unmet = List.copyOf(unmet);
        }
    }

    public RuleBaseHolder holder() {
        return holder;
    }

    public void onPublished(Listener listener) {
        listeners.add(listener);
    }

    /** Every campaign and settings file of the folder (or of the seed, before the first write), as text. */
    public Map<String, String> folder() {
        Map<String, String> texts = new java.util.TreeMap<>();
        store.files().forEach((name, bytes) -> texts.put(name, new String(bytes, StandardCharsets.UTF_8)));
        return texts;
    }

    public CampaignStore store() {
        return store;
    }

    /** The text of one campaign file as stored. */
    public Optional<String> text(String file) {
        return store.text(file);
    }

    /** Every error of the campaigns with {@code file} replaced by {@code text}; empty when they would all compile. */
    public CampaignLoader.Loaded validate(String file, String text) {
        return loader.loadBytes(withFile(file, text));
    }

    /**
     * Publishes {@code text} as {@code file}: refused with its errors when it does not validate (the refusal goes
     * through the reload too, so it is audited like any other), else written to the store and reloaded from it.
     */
    public synchronized Outcome publish(String file, String text) throws InterruptedException, TimeoutException {
        CampaignStore.checkedName(file);
        CampaignLoader.Loaded loaded = validate(file, text);
        if (!loaded.ok()) {
            return refused(loaded.errors());
        }
        Optional<String> previous = store.text(file);
        store.write(file, text);
        RuleBaseHolder.ReloadResult result = await(holder.reload(() -> loader.build(store.folder())));
        if (!result.swapped()) {
            // the folder must keep holding what runs: put the old file back
            previous.ifPresentOrElse(old -> store.write(file, old), () -> store.delete(file));
        }
        return announced(new Outcome(result.swapped(), result.version(), result.errors()));
    }

    /**
     * Replaces every campaign with {@code files} ({@code POST /v1/rules}): refused with its errors when the set does
     * not validate, else written to the store as the whole folder and reloaded from it, so an upload survives a
     * restart like a console edit. If the reload still fails, the folder gets its old files back.
     */
    public synchronized Outcome replaceAll(Map<String, String> files) throws InterruptedException, TimeoutException {
        files.keySet().forEach(CampaignStore::checkedName);
        CampaignLoader.Loaded loaded = loader.load(files);
        if (!loaded.ok()) {
            return refused(loaded.errors());
        }
        Map<String, String> previous = folder();
        store.replaceAll(files);
        RuleBaseHolder.ReloadResult result = await(holder.reload(() -> loader.build(store.folder())));
        if (!result.swapped()) {
            store.replaceAll(previous);
        }
        return announced(new Outcome(result.swapped(), result.version(), result.errors()));
    }

    /**
     * Enables or disables a campaign defined in YAML by setting its top-level {@code enabled:} line, then publishes
     * the file like any edit (so it is validated, audited and kept across restarts).
     *
     * @throws IllegalArgumentException for an unknown campaign or one defined in a decision table
     */
    public Outcome setEnabled(String campaign, boolean enabled) throws InterruptedException, TimeoutException {
        CampaignDefinition definition = holder.current().campaigns().get(campaign);
        if (definition == null) {
            throw new IllegalArgumentException("no campaign '" + CampaignBinder.printable(campaign) + "' is running");
        }
        if (!isYaml(definition.file())) {
            throw new IllegalArgumentException("campaign " + campaign + " is a row of the decision table "
                    + definition.file() + ": set its 'enabled' column there");
        }
        String text = store.text(definition.file()).orElseThrow(() -> new IllegalArgumentException(
                "campaign file " + definition.file() + " is not in the campaigns folder"));
        return publish(definition.file(), withEnabled(text, enabled));
    }

    /**
     * Evaluates the campaigns with {@code file} replaced by {@code text} for {@code situation}, without publishing:
     * which campaign would start (and its variant), what happened to the other matches, and which conditions of
     * {@code campaign} were not met.
     */
    public Simulation simulate(String file, String text, String campaign, Situation situation) {
        CampaignLoader.Loaded loaded = validate(file, text);
        if (!loaded.ok()) {
            return new Simulation(loaded.errors(), null, campaign, List.of());
        }
        CampaignRuleBase ruleBase;
        try {
            ruleBase = CampaignRuleBase.compile(loaded.campaigns(), loaded.settings());
        } catch (RuleCompilationException e) {
            return new Simulation(e.errors(), null, campaign, List.of());
        }
        Verdict verdict = ruleBase.evaluate(situation);
        // the campaign of that id in the file (a decision table holds several), else the file's first
        CampaignDefinition edited = loaded.campaigns().stream()
                .filter(c -> c.file().equals(file) && c.id().equals(campaign)).findFirst()
                .or(() -> loaded.campaigns().stream().filter(c -> c.file().equals(file)).findFirst()).orElse(null);
        List<String> unmet = edited == null ? List.of() : CampaignExplainer.unmet(edited, situation);
        return new Simulation(List.of(), verdict, edited == null ? campaign : edited.id(), unmet);
    }

    private Outcome announced(Outcome outcome) {
        if (outcome.live() && !listeners.isEmpty()) {
            Map<String, String> folder = folder();
            listeners.forEach(listener -> listener.published(folder, outcome.version()));
        }
        return outcome;
    }

    /** A refusal, put through the reload so that it is audited like any other while the running version stays. */
    private Outcome refused(List<RuleError> errors) throws InterruptedException, TimeoutException {
        RuleBaseHolder.ReloadResult refused = await(holder.reload(() -> {
            throw new RuleCompilationException(errors);
        }));
        return new Outcome(false, refused.version(), errors);
    }

    public static boolean isYaml(String file) {
        return file != null && (file.endsWith(".yaml") || file.endsWith(".yml"));
    }

    /**
     * The YAML text with its top-level {@code enabled:} set: the existing line replaced, or a line added after the
     * {@code id:} line (or before the first key); comments and layout are kept.
     */
    static String withEnabled(String yaml, boolean enabled) {
        String line = "enabled: " + enabled;
        List<String> lines = new ArrayList<>(List.of(yaml.split("\n", -1)));
        int firstKey = -1;
        int idLine = -1;
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            if (ENABLED_LINE.matcher(text).matches()) {
                lines.set(i, line);
                return String.join("\n", lines);
            }
            if (TOP_LEVEL_KEY.matcher(text).matches()) {
                if (firstKey < 0) {
                    firstKey = i;
                }
                if (text.startsWith("id:") || text.startsWith("id :")) {
                    idLine = i;
                }
            }
        }
        int at = idLine >= 0 ? idLine + 1 : Math.max(firstKey, 0);
        lines.add(at, line);
        return String.join("\n", lines);
    }

    private Map<String, byte[]> withFile(String file, String text) {
        Map<String, byte[]> files = store.files();
        files.put(CampaignStore.checkedName(file), text.getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private static RuleBaseHolder.ReloadResult await(java.util.concurrent.CompletableFuture<RuleBaseHolder.ReloadResult> reload)
            throws InterruptedException, TimeoutException {
        try {
            return reload.get(RELOAD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the campaign reload failed", e.getCause());
        }
    }
}
