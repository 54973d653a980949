package dev.herald.rules.campaign;

import dev.herald.engine.decision.ConsentFact;
import dev.herald.engine.decision.CustomerFacts;
import dev.herald.engine.decision.TriggerEvent;
import dev.herald.rules.RuleError;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static dev.herald.rules.campaign.TestCampaigns.NOON;
import static dev.herald.rules.campaign.TestCampaigns.build;
import static dev.herald.rules.campaign.TestCampaigns.load;
import static dev.herald.rules.campaign.TestCampaigns.loader;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code type: marketing | transactional} in campaign definitions (ADR 0034): read from YAML, CSV and XLSX,
 * validated at its line, and what it changes in the decision and for the send-time gate.
 */
class CampaignTypeTest {

    private static final String RECEIPT = """
            id: order-receipt
            type: transactional
            priority: 10
            trigger:
              event: order_completed
            template: thank-you
            """;
    private static final String OFFER = """
            id: order-offer
            priority: 20
            trigger:
              event: order_completed
            template: welcome
            """;

    @Test
    void yamlTypeIsReadAndMarketingIsTheDefault() {
        CampaignLoader.Loaded loaded = load("receipt.yaml", RECEIPT, "offer.yaml", OFFER,
                "explicit.yaml", OFFER.replace("order-offer", "explicit").replace("priority: 20", "type: marketing"));

        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.campaigns()).extracting(CampaignDefinition::id, CampaignDefinition::type).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("order-receipt", "transactional"),
                org.assertj.core.groups.Tuple.tuple("order-offer", "marketing"),
                org.assertj.core.groups.Tuple.tuple("explicit", "marketing"));
    }

    @Test
    void anUnknownTypeIsReportedOnItsLine() {
        assertThat(load("receipt.yaml", RECEIPT.replace("type: transactional", "type: transactionnal")).errors())
                .containsExactly(new RuleError("receipt.yaml", 2, "unknown campaign type 'transactionnal' (known:"
                        + " marketing, the default, and transactional)"));
        assertThat(load("receipt.yaml", RECEIPT.replace("type: transactional", "type: [transactional]")).errors())
                .singleElement().satisfies(e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.message()).startsWith("type must be a single value");
                });
    }

    @Test
    void aTransactionalCampaignAskingForMarketingConsentIsReportedOnTheConsentLine() {
        String withConsent = RECEIPT.replace("template: thank-you", "audience:\n  consent: email\ntemplate: thank-you");

        assertThat(load("receipt.yaml", withConsent).errors()).containsExactly(new RuleError("receipt.yaml", 7,
                "a transactional campaign is sent whatever the customer's marketing consent: remove audience.consent,"
                        + " or make it type: marketing"));
    }

    @Test
    void csvTypeColumnIsReadAndABadValueIsReportedAtItsRowAndColumn() {
        String header = "id,type,priority,trigger.event,template\n";
        CampaignLoader.Loaded good = load("table.csv", header
                + "receipt,transactional,10,order_completed,thank-you\n"
                + "offer,,20,order_completed,welcome\n");
        CampaignLoader.Loaded bad = load("table.csv", header
                + "receipt,transactional,10,order_completed,thank-you\n"
                + "offer,promo,20,order_completed,welcome\n");

        assertThat(good.errors()).isEmpty();
        assertThat(good.campaigns()).extracting(CampaignDefinition::transactional).containsExactly(true, false);
        assertThat(bad.errors()).extracting(Object::toString).containsExactly("table.csv:3: column 'type': unknown"
                + " campaign type 'promo' (known: marketing, the default, and transactional)");
    }

    @Test
    void xlsxTypeColumnIsReadAndABadValueIsReportedAtItsCell() throws IOException {
        byte[] workbook = workbook(new String[]{"id", "type", "priority", "trigger.event", "template"}, new Object[][]{
                {"receipt", "transactional", 10, "order_completed", "thank-you"},
                {"offer", "Marketing!", 20, "order_completed", "welcome"}});

        CampaignLoader.Loaded loaded = loader().loadBytes(Map.of("campaigns.xlsx", workbook));

        assertThat(loaded.errors()).extracting(Object::toString).containsExactly("campaigns.xlsx:3: sheet 'Campaigns',"
                + " row 3, column 'type' (cell B3): unknown campaign type 'Marketing!' (known: marketing, the default,"
                + " and transactional)");
    }

    @Test
    void aTransactionalCampaignIsDecidedWhateverTheConsentAndAMarketingOneOnlyWhenItIsNotDenied() {
        CampaignRuleBase rules = build("receipt.yaml", RECEIPT, "offer.yaml", OFFER);

        // no consent stated: marketing without audience.consent goes out (the higher priority wins)
        assertThat(rules.evaluate(order("c1", List.of())).winner()).contains("order-offer");
        // withdrawn, pending or a suppressed address (all: email denied): the offer is held back, the receipt is not
        Verdict denied = rules.evaluate(order("c2", List.of(new ConsentFact("c2", "email", false))));
        assertThat(denied.winner()).contains("order-receipt");
        assertThat(denied.outcomes()).filteredOn(o -> o.campaign().equals("order-offer")).singleElement()
                .satisfies(o -> {
                    assertThat(o.status()).isEqualTo(CampaignOutcome.Status.SUPPRESSED);
                    assertThat(o.reason()).startsWith("consent: email marketing consent withdrawn or pending");
                });
    }

    @Test
    void audienceConsentStillAsksAMarketingCampaignForAGrantedConsent() {
        CampaignRuleBase rules = build("offer.yaml", OFFER.replace("template: welcome",
                "audience:\n  consent: email\ntemplate: welcome"));

        assertThat(rules.evaluate(order("c1", List.of())).winner()).isEmpty();
        assertThat(rules.evaluate(order("c1", List.of(new ConsentFact("c1", "email", true)))).winner())
                .contains("order-offer");
    }

    @Test
    void theSendGatesViewFollowsAReloadAndARejectedOneKeepsTheLastGoodVersion() throws Exception {
        CampaignDecisionService decisions = new CampaignDecisionService(
                new RuleBaseHolder(build("receipt.yaml", RECEIPT, "offer.yaml", OFFER)));
        Predicate<String> transactional = decisions.transactionalCampaigns();
        assertThat(transactional).accepts("order-receipt").rejects("order-offer", "no-such-campaign");

        decisions.holder().reload(() -> build("receipt.yaml", RECEIPT.replace("type: transactional", "type: marketing"),
                "offer.yaml", OFFER.replace("priority: 20", "priority: 20\ntype: transactional")))
                .get(30, TimeUnit.SECONDS);
        assertThat(transactional).as("the same view, after the reload").accepts("order-offer").rejects("order-receipt");

        RuleBaseHolder.ReloadResult refused = decisions.holder().reload(() -> loader().build(Map.of("offer.yaml",
                OFFER.replace("priority: 20", "type: bogus")))).get(30, TimeUnit.SECONDS);
        assertThat(refused.swapped()).isFalse();
        assertThat(transactional).as("last good version").accepts("order-offer");
    }

    private static Situation order(String customerId, List<ConsentFact> consents) {
        return new Situation(new TriggerEvent("e-" + customerId, "order_completed", NOON,
                Map.of("total", BigDecimal.TEN)),
                new CustomerFacts(customerId, "United Kingdom", 1, BigDecimal.TEN, Map.of()),
                List.of(), null, List.of(), consents, List.of());
    }

    private static byte[] workbook(String[] header, Object[][] rows) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet("Campaigns");
            Row first = sheet.createRow(0);
            for (int c = 0; c < header.length; c++) {
                first.createCell(c).setCellValue(header[c]);
            }
            for (int r = 0; r < rows.length; r++) {
                Row row = sheet.createRow(r + 1);
                for (int c = 0; c < rows[r].length; c++) {
                    if (rows[r][c] instanceof Number number) {
                        row.createCell(c).setCellValue(number.doubleValue());
                    } else {
                        row.createCell(c).setCellValue(String.valueOf(rows[r][c]));
                    }
                }
            }
            workbook.write(out);
            return out.toByteArray();
        }
    }
}
