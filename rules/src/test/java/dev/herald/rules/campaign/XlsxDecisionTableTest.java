package dev.herald.rules.campaign;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

import static dev.herald.rules.campaign.TestCampaigns.loader;
import static dev.herald.rules.campaign.TestCampaigns.order;
import static org.assertj.core.api.Assertions.assertThat;

/** An XLSX decision table: one campaign per row on every sheet, errors by sheet, row and column. */
class XlsxDecisionTableTest {

    private static final String[] HEADER = {"id", "priority", "trigger.event", "trigger.conditions",
            "audience.segments", "frequencyCap.max", "frequencyCap.per", "template"};

    @Test
    void eachRowOfEachSheetIsACampaign() throws IOException {
        byte[] workbook = workbook(Map.of(
                "Orders", new Object[][] {{"big-order", 20, "order_completed", "total >= 100", "", 1, "7d", "thank-you"}},
                "More", new Object[][] {{"any-order", 10, "order_completed", "total > 0", "", "", "", "welcome"}}));

        CampaignLoader.Loaded loaded = loader().loadBytes(Map.of("campaigns.xlsx", workbook));

        assertThat(loaded.errors()).isEmpty();
        CampaignRuleBase rules = CampaignRuleBase.compile(loaded.campaigns(), loaded.settings());
        assertThat(rules.campaigns().keySet()).containsExactlyInAnyOrder("big-order", "any-order");
        assertThat(rules.evaluate(order("c1", 150)).winner()).contains("big-order");
        assertThat(rules.evaluate(order("c1", 50)).winner()).contains("any-order");
    }

    @Test
    void errorsNameTheSheetRowAndColumn() throws IOException {
        byte[] workbook = workbook(Map.of("Campaigns", new Object[][] {
                {"ok", 1, "order_completed", "", "", "", "", "welcome"},
                {"bad", "high", "order_completed", "", "Nobody", 0, "7d", "welcome"}}));

        CampaignLoader.Loaded loaded = loader().loadBytes(Map.of("campaigns.xlsx", workbook));

        assertThat(loaded.errors()).extracting(Object::toString).containsExactly(
                "campaigns.xlsx:3: sheet 'Campaigns', row 3, column 'priority' (cell B3): type mismatch: priority must"
                        + " be a whole number, got 'high'",
                "campaigns.xlsx:3: sheet 'Campaigns', row 3, column 'audience.segments' (cell E3): unknown segment"
                        + " 'Nobody' (known: " + new java.util.TreeSet<>(Catalog.RFM_SEGMENTS) + ")",
                "campaigns.xlsx:3: sheet 'Campaigns', row 3, column 'frequencyCap.max' (cell F3): impossible cap:"
                        + " frequencyCap.max is 0, so nothing could ever be sent; use 1 or more, or remove the campaign");
    }

    @Test
    void aFileThatIsNotAWorkbookIsReported() {
        assertThat(loader().loadBytes(Map.of("x.xlsx", "id,priority\n".getBytes())).errors())
                .singleElement().satisfies(e -> assertThat(e.message()).startsWith("unreadable XLSX workbook"));
    }

    private static byte[] workbook(Map<String, Object[][]> sheets) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (Map.Entry<String, Object[][]> entry : new java.util.TreeMap<>(sheets).entrySet()) {
                Sheet sheet = workbook.createSheet(entry.getKey());
                Row header = sheet.createRow(0);
                for (int c = 0; c < HEADER.length; c++) {
                    header.createCell(c).setCellValue(HEADER[c]);
                }
                for (int r = 0; r < entry.getValue().length; r++) {
                    Row row = sheet.createRow(r + 1);
                    Object[] cells = entry.getValue()[r];
                    for (int c = 0; c < cells.length; c++) {
                        if (cells[c] instanceof Number number) {
                            row.createCell(c).setCellValue(number.doubleValue());
                        } else {
                            row.createCell(c).setCellValue(String.valueOf(cells[c]));
                        }
                    }
                }
            }
            workbook.write(out);
            return out.toByteArray();
        }
    }
}
