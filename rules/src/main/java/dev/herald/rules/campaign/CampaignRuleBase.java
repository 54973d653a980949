package dev.herald.rules.campaign;

import dev.herald.engine.journey.Journey;
import dev.herald.rules.DroolsDecisionService;
import dev.herald.rules.RuleCompilationException;
import dev.herald.rules.RuleError;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A compiled set of campaigns: the generated DRL in one {@link KieBase}, the definitions, and the folder
 * settings. Immutable and thread-safe; swap a whole instance to change campaigns.
 *
 * <p>Evaluation reuses stateful sessions from a pool (one per concurrent caller) and removes its facts after
 * each event, which is several times faster than a new session per event. A session that fails is discarded.
 */
public final class CampaignRuleBase {

    private static final int MAX_FIRINGS = 10_000;

    private final KieBase kieBase;
    private final Map<String, CampaignDefinition> campaigns;
    private final Map<String, Journey> journeys;
    private final RuleSettings settings;
    private final String version;
    private final String drl;
    private final ConcurrentLinkedQueue<PooledSession> pool = new ConcurrentLinkedQueue<>();

    private CampaignRuleBase(List<CampaignDefinition> definitions, RuleSettings settings) {
        Map<String, CampaignDefinition> byId = new LinkedHashMap<>();
        definitions.forEach(definition -> byId.put(definition.id(), definition));
        this.campaigns = Collections.unmodifiableMap(byId);
        Map<String, Journey> byCampaign = new LinkedHashMap<>();
        definitions.forEach(definition -> definition.asJourney().ifPresent(j -> byCampaign.put(definition.id(), j)));
        this.journeys = Collections.unmodifiableMap(byCampaign);
        this.settings = settings;
        this.drl = DrlGenerator.ruleBase(definitions);
        this.version = hash(drl + describe(definitions, settings));
        KieBase compiled;
        try {
            compiled = DroolsDecisionService.compileKieBase(Map.of("campaigns.drl", drl));
        } catch (RuleCompilationException e) {
            // Definitions were checked, so this is a bug in the templates: say so, pointing at the campaign.
            List<RuleError> errors = new ArrayList<>();
            for (RuleError error : e.errors()) {
                CampaignDefinition campaign = campaignAtDrlLine(error.line());
                errors.add(campaign == null ? error : new RuleError(campaign.file(), campaign.line(),
                        "internal error compiling campaign " + campaign.id() + ": " + error.message()));
            }
            throw new RuleCompilationException(errors);
        }
        this.kieBase = compiled;
    }

    /**
     * Compiles checked definitions.
     *
     * @throws RuleCompilationException if the generated DRL does not compile (a bug in Herald's templates)
     */
    public static CampaignRuleBase compile(List<CampaignDefinition> definitions, RuleSettings settings) {
        return new CampaignRuleBase(definitions, settings);
    }

    /** Evaluates every campaign against the situation and arbitrates between the matches. */
    public Verdict evaluate(Situation situation) {
        return NextBestAction.arbitrate(match(situation), campaigns, settings, situation);
    }

    /** The campaigns whose conditions hold, with their expected value; before any arbitration. */
    Map<String, Double> match(Situation situation) {
        PooledSession pooled = pool.poll();
        if (pooled == null) {
            pooled = new PooledSession(kieBase);
        }
        boolean healthy = false;
        try {
            Map<String, Double> matches = pooled.run(situation);
            healthy = true;
            return matches;
        } finally {
            if (healthy) {
                pool.offer(pooled);
            } else {
                pooled.session.dispose();
            }
        }
    }

    public Map<String, CampaignDefinition> campaigns() {
        return campaigns;
    }

    /** The journey of a campaign: explicit ({@code journey:}) or implied by its timing; empty for a single email. */
    public Optional<Journey> journey(String campaign) {
        return Optional.ofNullable(journeys.get(campaign));
    }

    public RuleSettings settings() {
        return settings;
    }

    /** First 12 hex digits of a SHA-256 over the generated DRL, the definitions and the settings. */
    public String version() {
        return version;
    }

    /** The generated DRL, for review and debugging. */
    public String drl() {
        return drl;
    }

    private CampaignDefinition campaignAtDrlLine(int line) {
        String[] lines = drl.split("\n", -1);
        for (int i = Math.min(line, lines.length) - 1; i >= 0; i--) {
            String text = lines[i];
            if (text.startsWith("rule \"campaign ")) {
                return campaigns.get(text.substring("rule \"campaign ".length(), text.length() - 1));
            }
        }
        return null;
    }

    /**
     * Everything about the campaigns the DRL leaves out (priorities, templates, variants, timing, caps, journeys,
     * enabled), in a stable text: so that any change a publish makes gives a new version, and the same campaigns
     * always the same one. File and line are left out (moving a comment changes nothing); sets are sorted.
     */
    private static String describe(List<CampaignDefinition> definitions, RuleSettings settings) {
        StringBuilder text = new StringBuilder();
        for (CampaignDefinition d : definitions) {
            // without the file and line, and without includeUnengaged while it is false (the versions of campaigns
            // from before the setting stay as they were)
            String one = d.toString().replace(", file=" + d.file() + ", line=" + d.line() + ",", ",")
                    .replace(", includeUnengaged=false]", "]");
            if (d.journey() != null) {
                one = one.replace("exitOn=" + d.journey().exitOn(), "exitOn=" + new java.util.TreeSet<>(d.journey().exitOn()));
            }
            text.append(one).append('\n');
        }
        text.append("globalCap=").append(settings.globalCap()).append(" segments=")
                .append(new java.util.TreeSet<>(settings.extraSegments())).append(" topics=").append(settings.topics());
        if (!settings.topicTranslations().isEmpty()) {
            text.append(" topicTranslations=").append(new java.util.TreeMap<>(settings.topicTranslations()));
        }
        if (settings.globalControl().share() > 0) {
            // only when set, so that a rule base without one keeps the version it had before the setting existed
            text.append(" globalControl=").append(settings.globalControl().share());
        }
        if (settings.sunset().enabled()) {
            text.append(" sunset=").append(settings.sunset());
        }
        return text.toString();
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static final class PooledSession {
        private final KieSession session;
        private final MatchCollector collector = new MatchCollector();

        PooledSession(KieBase kieBase) {
            session = kieBase.newKieSession();
            session.setGlobal("collector", collector);
        }

        Map<String, Double> run(Situation situation) {
            collector.clear();
            FactHandle handle = session.insert(new CampaignFacts(situation));
            try {
                int firings = session.fireAllRules(MAX_FIRINGS);
                if (firings >= MAX_FIRINGS) {
                    throw new IllegalStateException("campaign rules fired " + firings + " times for event "
                            + situation.event().eventId() + "; a generated rule loops");
                }
                return collector.drain();
            } finally {
                session.delete(handle);
            }
        }
    }
}
