package dev.herald.rules;
import dev.herald.engine.decision.Decision;
import dev.herald.engine.decision.DecisionFacts;
import dev.herald.engine.decision.DecisionService;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.ClassObjectFilter;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSession;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides which campaigns an event starts by running DRL rules in Drools.
 *
 * <p>The DRL is compiled at construction with the KIE builder API rather than loaded from a
 * {@code kmodule.xml} classpath container, because rule files will be reloaded from a directory at run time and
 * their authors need compile errors with file and line ({@link RuleCompilationException}). An instance is
 * immutable: to change the rules, build a new instance and swap it in.
 *
 * <p>Rules match a {@link DecisionFacts} and may only {@code insert(new Decision(...))}. Every call to
 * {@link #decide} runs in a fresh session of the shared, compiled {@link KieBase}, so calls neither see each
 * other's facts nor need locking, and the service may be used from many threads at once.
 */
public final class DroolsDecisionService implements DecisionService {

    /**
     * Most rule firings one decision may take. Well-behaved rules fire a handful of times; a rule that keeps
     * re-activating itself would otherwise hang the calling thread forever.
     */
    public static final int MAX_FIRINGS_PER_DECISION = 10_000;

    private static final String KIE_SOURCE_ROOT = "src/main/resources/";
    private static final Pattern DRL_PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)", Pattern.MULTILINE);
    private static final String NULL_PACKAGE_NOISE = "Parser returned a null Package";
    private static final int VERSION_LENGTH = 12;
    private static final Comparator<Decision> DECISION_ORDER = Comparator.comparing(Decision::campaign)
            .thenComparing(Decision::templateKey)
            .thenComparing(Decision::customerId);

    private final KieBase kieBase;
    private final String version;

    private DroolsDecisionService(Map<String, String> fileNameToDrl) {
        SortedMap<String, String> sources = validated(fileNameToDrl);
        this.version = versionOf(sources);
        this.kieBase = compile(sources);
    }

    /**
     * A rule base compiled from the given DRL texts.
     *
     * @param fileNameToDrl DRL text by file name; names are relative paths ending in {@code .drl} (they are what
     *                      errors report), and there must be at least one file
     * @throws RuleCompilationException if any file does not compile; it lists every error
     * @throws IllegalArgumentException if there are no files or a name is not a relative {@code .drl} path
     */
    public static DroolsDecisionService fromSources(Map<String, String> fileNameToDrl) {
        return new DroolsDecisionService(fileNameToDrl);
    }

    /**
     * Compiles DRL texts into a shared {@link KieBase}, for rule bases that run their own sessions (campaigns).
     *
     * @param fileNameToDrl DRL text by relative {@code .drl} file name, as for {@link #fromSources}
     * @throws RuleCompilationException if any file does not compile
     */
    public static KieBase compileKieBase(Map<String, String> fileNameToDrl) {
        return compile(validated(fileNameToDrl));
    }

    /**
     * Runs the rules against one event's facts.
     *
     * @return the decisions the rules inserted, without duplicates, sorted by campaign (then template and
     *         customer), so equal facts always give an equal list; empty when no rule applies
     * @throws IllegalStateException if the rules fired {@link #MAX_FIRINGS_PER_DECISION} times, which means they loop
     */
    @Override
    public List<Decision> decide(DecisionFacts facts) {
        Objects.requireNonNull(facts, "facts");
        KieSession session = kieBase.newKieSession();
        try {
            session.insert(facts);
            int firings = session.fireAllRules(MAX_FIRINGS_PER_DECISION);
            if (firings >= MAX_FIRINGS_PER_DECISION) {
                throw new IllegalStateException("rule base " + version + " reached the limit of " + MAX_FIRINGS_PER_DECISION
                        + " rule firings for event " + facts.eventId() + "; do its rules re-trigger each other?");
            }
            return session.getObjects(new ClassObjectFilter(Decision.class)).stream()
                    .map(Decision.class::cast)
                    .distinct()
                    .sorted(DECISION_ORDER)
                    .toList();
        } finally {
            session.dispose();
        }
    }

    /** The first 12 hex digits of a SHA-256 over the file names and texts: equal sources, equal version. */
    @Override
    public String ruleBaseVersion() {
        return version;
    }

    @Override
    public String toString() {
        return "DroolsDecisionService[" + version + "]";
    }

    private static SortedMap<String, String> validated(Map<String, String> fileNameToDrl) {
        Objects.requireNonNull(fileNameToDrl, "fileNameToDrl");
        if (fileNameToDrl.isEmpty()) {
            // An empty rule base is almost certainly a wrong directory, and would silently stop every campaign.
            throw new IllegalArgumentException("no rule files given");
        }
        SortedMap<String, String> sources = new TreeMap<>();
        fileNameToDrl.forEach((fileName, drl) -> {
            Objects.requireNonNull(fileName, "rule file name");
            Objects.requireNonNull(drl, () -> "text of rule file " + fileName);
            // Drools picks the compiler by extension and silently skips files it does not recognise.
            if (!fileName.endsWith(".drl")) {
                throw new IllegalArgumentException("rule file name must end in .drl: " + fileName);
            }
            if (fileName.contains("\\") || Arrays.stream(fileName.split("/", -1))
                    .anyMatch(part -> part.isEmpty() || part.equals(".") || part.equals(".."))) {
                throw new IllegalArgumentException("rule file name must be a plain relative path: " + fileName);
            }
            sources.put(fileName, drl);
        });
        return sources;
    }

    private static String versionOf(SortedMap<String, String> sources) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        sources.forEach((fileName, drl) -> {
            // Length prefixes keep the boundaries unambiguous: ("a", "bc") and ("ab", "c") hash differently.
            update(sha256, fileName);
            update(sha256, drl);
        });
        return HexFormat.of().formatHex(sha256.digest()).substring(0, VERSION_LENGTH);
    }

    private static void update(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        digest.update(bytes);
    }

    private static KieBase compile(SortedMap<String, String> sources) {
        KieServices kieServices = KieServices.get();
        // Our own class loader, so rules resolve the engine's fact classes also inside an application server.
        ClassLoader loader = DroolsDecisionService.class.getClassLoader();
        // A unique release id per build: the KIE repository is JVM-wide, and concurrent builds must not collide.
        ReleaseId releaseId = kieServices.newReleaseId("dev.herald", "herald-rule-base", "0.0.0-" + UUID.randomUUID());

        KieFileSystem files = kieServices.newKieFileSystem().generateAndWritePomXML(releaseId);
        Map<String, String> fileNameByKiePath = new HashMap<>();
        sources.forEach((fileName, drl) -> {
            String kiePath = kiePath(fileNameByKiePath.size(), fileName, drl);
            fileNameByKiePath.put(kiePath, fileName);
            files.write(kiePath, drl.getBytes(StandardCharsets.UTF_8));
        });

        KieBuilder builder = kieServices.newKieBuilder(files, loader).buildAll();
        List<Message> messages = builder.getResults().getMessages(Message.Level.ERROR);
        if (!messages.isEmpty()) {
            throw new RuleCompilationException(ruleErrors(messages, fileNameByKiePath));
        }
        try {
            KieContainer container = kieServices.newKieContainer(releaseId, loader);
            return container.getKieBase();
        } finally {
            // The built module stays registered in the JVM-wide repository; drop it so reloads do not pile up.
            kieServices.getRepository().removeKieModule(releaseId);
        }
    }

    /**
     * Where a file goes in the in-memory KIE project: in the folder of its DRL package (Drools warns about every
     * file whose folder and package differ), under a name made unique by a counter. Errors are mapped back to
     * the caller's file name, so this path never shows.
     */
    private static String kiePath(int counter, String fileName, String drl) {
        Matcher pkg = DRL_PACKAGE.matcher(drl);
        String folder = pkg.find() ? pkg.group(1).replace('.', '/') + "/" : "";
        String baseName = fileName.substring(fileName.lastIndexOf('/') + 1);
        return KIE_SOURCE_ROOT + folder + counter + "-" + baseName;
    }

    private static List<RuleError> ruleErrors(List<Message> messages, Map<String, String> fileNameByKiePath) {
        List<RuleError> errors = messages.stream()
                .map(message -> new RuleError(fileName(message.getPath(), fileNameByKiePath),
                        Math.max(message.getLine(), 0), String.valueOf(message.getText()).strip()))
                .toList();
        // After a syntax error Drools adds a located-nowhere "null package" error for the same file: noise.
        return errors.stream()
                .filter(error -> !(error.line() == 0 && error.message().equals(NULL_PACKAGE_NOISE)
                        && errors.stream().anyMatch(other -> other != error && Objects.equals(other.file(), error.file()))))
                .toList();
    }

    private static String fileName(String kiePath, Map<String, String> fileNameByKiePath) {
        if (kiePath == null) {
            return null;
        }
        String fileName = fileNameByKiePath.get(kiePath);
        if (fileName == null) {
            fileName = fileNameByKiePath.get(KIE_SOURCE_ROOT + kiePath);
        }
        return fileName != null ? fileName : kiePath;
    }
}
