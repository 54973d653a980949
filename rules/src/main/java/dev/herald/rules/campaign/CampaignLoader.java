package dev.herald.rules.campaign;

import dev.herald.rules.RuleCompilationException;
import dev.herald.rules.RuleError;
import dev.herald.rules.campaign.CampaignDefinition.FrequencyCap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Loads a campaigns folder: every {@code *.yaml}/{@code *.yml} file is one campaign, every {@code *.csv} or
 * {@code *.xlsx} file a decision table of campaigns (one a row), and {@code herald-rules.yaml} holds the folder settings. Collects
 * every error of every file before giving up, so one run of {@code herald rules validate} shows them all.
 */
public final class CampaignLoader {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignLoader.class);

    /** Where scenario files live inside a campaigns folder; not campaigns themselves. */
    public static final String SCENARIOS_FOLDER = "scenarios";

    private final Catalog catalog;

    public CampaignLoader(Catalog catalog) {
        this.catalog = catalog;
    }

    /** What a folder holds: checked definitions and settings, or the errors. */
    public record Loaded(List<CampaignDefinition> campaigns, RuleSettings settings, List<RuleError> errors) {

        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /** Reads the campaign files directly inside {@code folder} (not its subfolders). */
    public Loaded load(Path folder) {
        if (!Files.isDirectory(folder)) {
            return new Loaded(List.of(), RuleSettings.DEFAULT,
                    List.of(new RuleError(folder.toString(), 0, "not a folder")));
        }
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.list(folder)) {
            for (Path path : paths.filter(Files::isRegularFile).sorted().toList()) {
                String name = path.getFileName().toString();
                if (isCampaignFile(name) || name.equals(RuleSettings.FILE_NAME)) {
                    files.put(name, Files.readAllBytes(path));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read campaigns folder " + folder, e);
        }
        return loadBytes(files);
    }

    /** Reads campaign files given as text by file name (an upload, or the built-in campaigns). */
    public Loaded load(Map<String, String> files) {
        Map<String, byte[]> bytes = new TreeMap<>();
        files.forEach((name, text) -> bytes.put(name, text.getBytes(StandardCharsets.UTF_8)));
        return loadBytes(bytes);
    }

    /** Reads campaign files given as bytes by file name (text files must be UTF-8; XLSX is binary). */
    public Loaded loadBytes(Map<String, byte[]> rawFiles) {
        List<RuleError> errors = new ArrayList<>();
        Map<String, String> files = new TreeMap<>();
        Map<String, byte[]> workbooks = new TreeMap<>();
        rawFiles.forEach((name, content) -> {
            if (name.endsWith(".xlsx")) {
                workbooks.put(name, content);
                files.put(name, "");
                return;
            }
            try {
                files.put(name, StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(content)).toString());
            } catch (CharacterCodingException e) {
                errors.add(new RuleError(name, 0, "not UTF-8 text"));
            }
        });
        RuleSettings settings = RuleSettings.DEFAULT;
        String settingsText = files.get(RuleSettings.FILE_NAME);
        if (settingsText != null) {
            settings = settings(settingsText, errors);
        }
        Catalog effective = catalog.withSegments(settings.extraSegments());
        CampaignBinder binder = new CampaignBinder(effective, errors, settings.topics().keySet());
        List<CampaignDefinition> campaigns = new ArrayList<>();
        Map<String, CampaignDefinition> byId = new HashMap<>();
        new TreeMap<>(files).forEach((name, text) -> {
            if (name.equals(RuleSettings.FILE_NAME) || !isCampaignFile(name)) {
                return;
            }
            List<SourceNode> trees = new ArrayList<>();
            String defaultId = null;
            if (name.endsWith(".csv")) {
                trees.addAll(CsvCampaignReader.read(name, text, errors));
            } else if (name.endsWith(".xlsx")) {
                trees.addAll(XlsxCampaignReader.read(name, workbooks.get(name), errors));
            } else {
                YamlCampaignReader.read(name, text, errors).ifPresent(trees::add);
                defaultId = name.substring(0, name.lastIndexOf('.'));
            }
            for (SourceNode tree : trees) {
                Optional<CampaignDefinition> bound = binder.bind(tree, defaultId);
                if (bound.isEmpty()) {
                    continue;
                }
                CampaignDefinition campaign = bound.get();
                CampaignDefinition earlier = byId.putIfAbsent(campaign.id(), campaign);
                if (earlier != null) {
                    errors.add(new RuleError(campaign.file(), campaign.line(), "campaign id '" + campaign.id()
                            + "' is already used by " + earlier.file() + ":" + earlier.line()));
                    continue;
                }
                campaigns.add(campaign);
            }
        });
        if (errors.isEmpty() && campaigns.isEmpty()) {
            errors.add(new RuleError(null, 0, "no campaigns found (*.yaml, *.yml, *.csv or *.xlsx files)"));
        }
        if (settings.globalCap() != null) {
            for (CampaignDefinition campaign : campaigns) {
                FrequencyCap cap = campaign.frequencyCap();
                if (cap != null && cap.max() > settings.globalCap().max()
                        && cap.per().compareTo(settings.globalCap().per()) <= 0) {
                    errors.add(new RuleError(campaign.file(), campaign.line(), "impossible cap: frequencyCap allows "
                            + cap.max() + " sends per " + cap.per().toDays() + "d, but the global cap in "
                            + RuleSettings.FILE_NAME + " allows only " + settings.globalCap().max()));
                }
            }
        }
        LOG.debug("loaded {} campaigns with {} errors", campaigns.size(), errors.size());
        return new Loaded(List.copyOf(campaigns), settings, List.copyOf(errors));
    }

    /**
     * Loads and compiles a folder.
     *
     * @throws RuleCompilationException listing every error, when the folder has any
     */
    public CampaignRuleBase build(Path folder) {
        return compile(load(folder));
    }

    /** Loads and compiles files given as text; see {@link #build(Path)}. */
    public CampaignRuleBase build(Map<String, String> files) {
        return compile(load(files));
    }

    private static CampaignRuleBase compile(Loaded loaded) {
        if (!loaded.ok()) {
            throw new RuleCompilationException(loaded.errors());
        }
        return CampaignRuleBase.compile(loaded.campaigns(), loaded.settings());
    }

    static boolean isCampaignFile(String name) {
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".csv") || name.endsWith(".xlsx");
    }

    private RuleSettings settings(String text, List<RuleError> errors) {
        Optional<SourceNode> root = YamlCampaignReader.read(RuleSettings.FILE_NAME, text, errors);
        if (root.isEmpty()) {
            return RuleSettings.DEFAULT;
        }
        CampaignBinder binder = new CampaignBinder(catalog, errors);
        SourceNode node = root.get();
        if (node.kind() != SourceNode.Kind.MAP) {
            binder.error(node, "settings must be a mapping (deliverability, globalCap, globalControl, scoring, segments, sunset, topics)");
            return RuleSettings.DEFAULT;
        }
        FrequencyCap globalCap = null;
        Set<String> segments = new TreeSet<>();
        Map<String, String> topics = new java.util.LinkedHashMap<>();
        Map<String, Map<String, String>> topicTranslations = new java.util.LinkedHashMap<>();
        dev.herald.engine.experiment.GlobalControlGroup globalControl = dev.herald.engine.experiment.GlobalControlGroup.NONE;
        dev.herald.engine.delivery.SunsetPolicy sunset = dev.herald.engine.delivery.SunsetPolicy.NONE;
        dev.herald.engine.delivery.DeliverabilityPolicy deliverability = dev.herald.engine.delivery.DeliverabilityPolicy.DEFAULT;
        dev.herald.engine.scoring.ScoringPolicy scoring = dev.herald.engine.scoring.ScoringPolicy.DEFAULT;
        for (Map.Entry<String, SourceNode> entry : node.entries().entrySet()) {
            SourceNode value = entry.getValue();
            switch (entry.getKey()) {
                case "globalCap" -> globalCap = binder.cap(value, "globalCap").orElse(null);
                case "segments" -> {
                    List<SourceNode> items = value.kind() == SourceNode.Kind.LIST ? value.items() : List.of(value);
                    for (SourceNode item : items) {
                        if (item.kind() != SourceNode.Kind.SCALAR || item.isNull()
                                || !CampaignBinder.SAFE_TEXT.matcher(item.text().strip()).matches()) {
                            binder.error(item, "a segment name must be text of letters, digits, spaces and . , ' & ( ) / _ + : -");
                        } else {
                            segments.add(item.text().strip());
                        }
                    }
                }
                case "topics" -> topics.putAll(binder.topics(value, topicTranslations));
                case "globalControl" -> globalControl = new dev.herald.engine.experiment.GlobalControlGroup(
                        binder.share(value, "globalControl", dev.herald.engine.experiment.GlobalControlGroup.MAX_SHARE));
                case "sunset" -> sunset = binder.sunset(value);
                case "deliverability" -> deliverability = binder.deliverability(value);
                case "scoring" -> scoring = binder.scoring(value);
                default -> binder.error(value, "unknown setting '" + CampaignBinder.printable(entry.getKey())
                        + "' (known: deliverability, globalCap, globalControl, scoring, segments, sunset, topics)");
            }
        }
        return new RuleSettings(globalCap, segments, topics, globalControl, topicTranslations, sunset, deliverability,
                scoring);
    }
}
