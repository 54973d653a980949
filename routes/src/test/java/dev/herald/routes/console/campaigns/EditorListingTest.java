package dev.herald.routes.console.campaigns;

import dev.herald.rules.RuleError;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The editor puts each error under its line and lists the rest apart; simulation attributes are typed. */
class EditorListingTest {

    static final String TEXT = "id: a\npriority: x\ntrigger:\n  event: nope\ntemplate: welcome\n";

    @Test
    @SuppressWarnings("unchecked")
    void errorsOfTheFileGoUnderTheirLinesAndOthersAreListedApart() {
        Map<String, Object> model = EditorListing.model("a.yaml", TEXT, List.of(
                new RuleError("a.yaml", 4, "unknown event type 'nope'"),
                new RuleError("a.yaml", 2, "priority must be a whole number"),
                new RuleError("herald-rules.yaml", 3, "impossible cap"),
                new RuleError(null, 0, "no campaigns found")));

        assertThat(model).containsEntry("lineCount", 5).containsEntry("hasErrors", true).containsEntry("errorCount", 4);
        List<Map<String, Object>> rows = (List<Map<String, Object>>) model.get("rows");
        assertThat(rows).hasSize(5);
        assertThat(rows.get(1)).containsEntry("text", "priority: x").containsEntry("bad", true)
                .containsEntry("messages", List.of("priority must be a whole number"));
        assertThat(rows.get(0)).containsEntry("bad", false).containsEntry("messages", List.of());
        assertThat((List<Map<String, Object>>) model.get("lineErrors")).extracting(e -> e.get("line"))
                .containsExactly(2, 4);
        assertThat((List<Map<String, Object>>) model.get("gutter")).extracting(g -> g.get("bad"))
                .containsExactly(false, true, false, true, false);
        assertThat((List<String>) model.get("otherErrors"))
                .containsExactly("herald-rules.yaml:3: impossible cap", "<unknown file>: no campaigns found");
    }

    @Test
    void anErrorBeyondTheLastLineIsListedWithoutALine() {
        Map<String, Object> model = EditorListing.model("a.yaml", "id: a", List.of(new RuleError("a.yaml", 9, "x")));
        assertThat(model).containsEntry("lineCount", 1).containsEntry("otherErrors", List.of("x"));
    }

    @Test
    void simulationAttributesAreTypedByTheVocabularyAndBadOnesExplained() {
        List<String> problems = new ArrayList<>();
        Map<String, Object> attributes = CampaignsModule.attributes("checkout_started",
                "cart_total=25.5, currency=GBP", problems);
        assertThat(problems).isEmpty();
        assertThat(attributes).containsEntry("cart_total", new BigDecimal("25.5")).containsEntry("currency", "GBP");

        CampaignsModule.attributes("checkout_started", "cart_total=lots, colour=red, total", problems);
        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).isEqualTo("Attribute cart_total must be a number, not 'lots'.");
        assertThat(problems.get(1)).startsWith("Unknown attribute 'colour' of checkout_started (known: ");
        assertThat(problems.get(2)).isEqualTo("Write event attributes as name=value: 'total'.");
    }
}
