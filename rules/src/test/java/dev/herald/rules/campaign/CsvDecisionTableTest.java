package dev.herald.rules.campaign;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.herald.rules.campaign.TestCampaigns.build;
import static dev.herald.rules.campaign.TestCampaigns.load;
import static dev.herald.rules.campaign.TestCampaigns.order;
import static org.assertj.core.api.Assertions.assertThat;

/** A CSV decision table: one campaign per row, errors located by row line and column. */
class CsvDecisionTableTest {

    private static final String HEADER = "id,priority,trigger.event,trigger.conditions,audience.segments,"
            + "audience.consent,recommendation.minScore,frequencyCap.max,frequencyCap.per,template,variants\n";

    @Test
    void eachRowIsACampaign() {
        CampaignRuleBase rules = build("table.csv", HEADER
                + "big-order,20,order_completed,total >= 100,,email,,1,7d,thank-you,\n"
                + "# comment rows are skipped\n"
                + "any-order,10,order_completed,total > 0;total < 1000,,,,,,welcome,a:welcome:1;b:thank-you:1\n");

        assertThat(rules.campaigns().keySet()).containsExactly("big-order", "any-order");
        assertThat(rules.campaigns().get("any-order").variants()).hasSize(2);
        assertThat(rules.evaluate(order("c1", 150)).winner()).contains("big-order");
        assertThat(rules.evaluate(order("c1", 50)).winner()).contains("any-order");
    }

    @Test
    void errorsNameTheRowLineAndTheColumn() {
        CampaignLoader.Loaded loaded = load("table.csv", HEADER
                + "ok,20,order_completed,,,,,,,welcome,\n"
                + "bad,high,order_completed,totl > 1,Nobody,,,0,7d,nope,\n");

        assertThat(loaded.errors()).extracting(Object::toString).containsExactly(
                "table.csv:3: column 'priority': type mismatch: priority must be a whole number, got 'high'",
                "table.csv:3: column 'trigger.conditions': unknown attribute 'totl' of event order_completed"
                        + " (known: [currency, item_count, total])",
                "table.csv:3: column 'audience.segments': unknown segment 'Nobody' (known: "
                        + new java.util.TreeSet<>(Catalog.RFM_SEGMENTS) + ")",
                "table.csv:3: column 'frequencyCap.max': impossible cap: frequencyCap.max is 0, so nothing could ever"
                        + " be sent; use 1 or more, or remove the campaign",
                "table.csv:3: column 'template': unknown template 'nope': no email template with that key exists");
    }

    @Test
    void aRowWithTheWrongNumberOfCellsIsReported() {
        assertThat(load("t.csv", HEADER + "x,1,order_completed\n").errors()).extracting(Object::toString)
                .containsExactly("t.csv:2: row has 3 cells, the header 11: a missing or extra separator?");
        assertThat(List.of()).isEmpty();
    }
}
