package dev.herald.rules.campaign;

import dev.herald.engine.decision.Decision;
import dev.herald.engine.decision.DecisionFacts;
import dev.herald.engine.decision.DecisionService;
import dev.herald.engine.delivery.FrequencyCapGate;
import dev.herald.engine.journey.JourneyDefinitions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The engine's decision port backed by marketer-authored campaigns: evaluates the current rule base of a
 * {@link RuleBaseHolder} and returns the next best action, at most one decision per event.
 */
public final class CampaignDecisionService implements DecisionService {

    private final RuleBaseHolder holder;

    public CampaignDecisionService(RuleBaseHolder holder) {
        this.holder = Objects.requireNonNull(holder, "holder");
    }

    /** Classpath folder of the built-in campaigns (the project's rules/campaigns) and its index. */
    public static final String BUILT_IN_FOLDER = "dev/herald/rules/campaigns/";
    public static final String BUILT_IN_INDEX = BUILT_IN_FOLDER + "campaigns.index";

    /**
     * Herald's built-in campaigns, checked against {@code catalog}.
     *
     * @throws dev.herald.rules.RuleCompilationException if they do not validate (e.g. a template is missing)
     */
    public static CampaignDecisionService builtIn(Catalog catalog) {
        return new CampaignDecisionService(new RuleBaseHolder(new CampaignLoader(catalog).build(builtInFiles())));
    }

    /** The built-in campaign files (and folder settings) by file name, as text. */
    public static Map<String, String> builtInFiles() {
        ClassLoader loader = CampaignDecisionService.class.getClassLoader();
        Map<String, String> files = new LinkedHashMap<>();
        for (String line : resource(loader, BUILT_IN_INDEX).split("\\R")) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                files.put(name, resource(loader, BUILT_IN_FOLDER + name));
            }
        }
        return files;
    }

    private static String resource(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + name, e);
        }
    }

    @Override
    public List<Decision> decide(DecisionFacts facts) {
        return holder.evaluate(Situation.of(facts)).decision().map(List::of).orElse(List.of());
    }

    @Override
    public String ruleBaseVersion() {
        return holder.current().version();
    }

    /** The journeys of the campaigns in use, following hot reloads (for the engine's JourneyService). */
    public JourneyDefinitions journeys() {
        return campaign -> holder.current().journey(campaign);
    }

    /**
     * Frequency caps for the send-time gate, following hot reloads: each campaign's {@code frequencyCap}, and the
     * folder's {@code globalCap} ({@code herald-rules.yaml}).
     */
    public FrequencyCapGate.Limits capLimits() {
        return new FrequencyCapGate.Limits() {
            @Override
            public Optional<FrequencyCapGate.Cap> global() {
                CampaignDefinition.FrequencyCap cap = holder.current().settings().globalCap();
                return cap == null ? Optional.empty() : Optional.of(new FrequencyCapGate.Cap(cap.max(), cap.per()));
            }

            @Override
            public Optional<FrequencyCapGate.Cap> forCampaign(String campaign) {
                CampaignDefinition definition = holder.current().campaigns().get(campaign);
                if (definition == null || definition.frequencyCap() == null) {
                    return Optional.empty();
                }
                return Optional.of(new FrequencyCapGate.Cap(definition.frequencyCap().max(),
                        definition.frequencyCap().per()));
            }
        };
    }

    /**
     * Whether a campaign is {@code type: transactional} in the campaigns in use, following hot reloads (for the
     * send-time suppression gate and the unsubscribe headers). A campaign no longer defined counts as marketing.
     */
    public java.util.function.Predicate<String> transactionalCampaigns() {
        return campaign -> {
            CampaignDefinition definition = holder.current().campaigns().get(campaign);
            return definition != null && definition.transactional();
        };
    }

    /** The enabled campaigns sent at a set time ({@code trigger.at}), following hot reloads (ADR 0061). */
    public dev.herald.engine.schedule.ScheduledCampaigns scheduledCampaigns() {
        return () -> holder.current().campaigns().values().stream()
                .filter(d -> d.enabled() && d.schedule() != null)
                .map(d -> new dev.herald.engine.schedule.ScheduledCampaigns.Scheduled(d.id(), d.schedule().instant()))
                .toList();
    }

    /** A campaign's subscription topic in the campaigns in use, following hot reloads (ADR 0063). */
    public java.util.function.Function<String, java.util.Optional<String>> topicOf() {
        return campaign -> java.util.Optional.ofNullable(holder.current().campaigns().get(campaign))
                .map(CampaignDefinition::topic);
    }

    /** Whether a campaign in use sends at each customer's best hour ({@code timing.bestHour}, ADR 0065). */
    public java.util.function.Predicate<String> sendsAtBestHour() {
        return campaign -> {
            CampaignDefinition definition = holder.current().campaigns().get(campaign);
            return definition != null && definition.timing().bestHour();
        };
    }

    /** The sunset policy in use, following hot reloads (ADR 0070). */
    public java.util.function.Supplier<dev.herald.engine.delivery.SunsetPolicy> sunsetPolicy() {
        return () -> holder.current().settings().sunset();
    }

    /** The engagement scoring policy in use, following hot reloads (ADR 0075). */
    public java.util.function.Supplier<dev.herald.engine.scoring.ScoringPolicy> scoringPolicy() {
        return () -> holder.current().settings().scoring();
    }

    /** The deliverability policy in use, following hot reloads (ADR 0074). */
    public java.util.function.Supplier<dev.herald.engine.delivery.DeliverabilityPolicy> deliverabilityPolicy() {
        return () -> holder.current().settings().deliverability();
    }

    /** Whether a campaign in use reaches customers the sunset policy holds back ({@code audience.includeUnengaged}). */
    public java.util.function.Predicate<String> includesUnengaged() {
        return campaign -> {
            CampaignDefinition definition = holder.current().campaigns().get(campaign);
            return definition != null && definition.includeUnengaged();
        };
    }

    /** The topics' labels in other languages (topic → language tag → label) in use, following hot reloads. */
    public java.util.function.Supplier<java.util.Map<String, java.util.Map<String, String>>> topicTranslations() {
        return () -> holder.current().settings().topicTranslations();
    }

    /** The global control group of the campaigns in use, following hot reloads (ADR 0066). */
    public java.util.function.Supplier<dev.herald.engine.experiment.GlobalControlGroup> globalControl() {
        return () -> holder.current().settings().globalControl();
    }

    /** The folder's subscription topics (id → label) in use, following hot reloads. */
    public java.util.function.Supplier<java.util.Map<String, String>> topics() {
        return () -> holder.current().settings().topics();
    }

    public RuleBaseHolder holder() {
        return holder;
    }
}
