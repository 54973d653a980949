package dev.herald.rules.campaign;

import dev.herald.rules.RuleError;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Reads one YAML document into a {@link SourceNode} tree with line numbers, using snakeyaml-engine's composer
 * (nodes with marks, no object construction: YAML tags cannot instantiate classes).
 */
final class YamlCampaignReader {

    private YamlCampaignReader() {
    }

    /** The document's tree, or empty after adding the syntax error(s) to {@code errors}. */
    static Optional<SourceNode> read(String file, String text, List<RuleError> errors) {
        LoadSettings settings = LoadSettings.builder().setLabel(file).setAllowDuplicateKeys(true)
                .setMaxAliasesForCollections(10).setCodePointLimit(1_000_000).build();
        Optional<Node> root;
        try {
            root = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(mark -> mark.getLine() + 1).orElse(0);
            String problem = e.getProblem() == null ? "unreadable YAML" : e.getProblem();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            errors.add(new RuleError(file, line, "YAML syntax: " + problem + context));
            return Optional.empty();
        } catch (YamlEngineException e) {
            errors.add(new RuleError(file, 0, "YAML syntax: " + e.getMessage()));
            return Optional.empty();
        }
        if (root.isEmpty()) {
            errors.add(new RuleError(file, 1, "the file is empty: a campaign needs at least an id, a trigger and a template"));
            return Optional.empty();
        }
        return Optional.of(convert(file, root.get(), errors));
    }

    private static SourceNode convert(String file, Node node, List<RuleError> errors) {
        int line = node.getStartMark().map(Mark::getLine).orElse(-1) + 1;
        if (node instanceof MappingNode mapping) {
            LinkedHashMap<String, SourceNode> entries = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                int keyLine = tuple.getKeyNode().getStartMark().map(Mark::getLine).orElse(-1) + 1;
                if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                    errors.add(new RuleError(file, keyLine, "a key must be a plain name"));
                    continue;
                }
                if (entries.containsKey(key.getValue())) {
                    errors.add(new RuleError(file, keyLine, "'" + key.getValue() + "' is given twice (first on line "
                            + entries.get(key.getValue()).line() + ")"));
                    continue;
                }
                entries.put(key.getValue(), convert(file, tuple.getValueNode(), errors));
            }
            return SourceNode.map(file, line, null, entries);
        }
        if (node instanceof SequenceNode sequence) {
            List<SourceNode> items = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                items.add(convert(file, item, errors));
            }
            return SourceNode.list(file, line, null, items);
        }
        ScalarNode scalar = (ScalarNode) node;
        boolean explicitNull = scalar.getScalarStyle() == ScalarStyle.PLAIN
                && (scalar.getValue().isEmpty() || scalar.getValue().equals("~") || scalar.getValue().equals("null"));
        return SourceNode.scalar(file, line, null, explicitNull ? null : scalar.getValue());
    }
}
