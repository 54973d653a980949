package dev.herald.rules.campaign;

import dev.herald.rules.RuleError;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.ss.util.CellReference;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an XLSX decision table: every sheet has a header row with the same column names as the CSV format
 * ({@link CsvCampaignReader}) and one campaign per row below. Errors name the sheet, the row and the column.
 * Cells are read as the spreadsheet shows them; date cells become ISO dates; formulas are not evaluated.
 */
final class XlsxCampaignReader {

    private XlsxCampaignReader() {
    }

    static List<SourceNode> read(String file, byte[] bytes, List<RuleError> errors) {
        List<SourceNode> rows = new ArrayList<>();
        DataFormatter formatter = new DataFormatter(java.util.Locale.ROOT);
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(bytes))) {
            for (Sheet sheet : workbook) {
                Row headerRow = sheet.getRow(sheet.getFirstRowNum());
                if (headerRow == null) {
                    continue;
                }
                List<String> header = new ArrayList<>();
                for (int c = 0; c < headerRow.getLastCellNum(); c++) {
                    header.add(text(headerRow.getCell(c), formatter));
                }
                for (int r = headerRow.getRowNum() + 1; r <= sheet.getLastRowNum(); r++) {
                    Row row = sheet.getRow(r);
                    if (row == null) {
                        continue;
                    }
                    List<String> cells = new ArrayList<>();
                    boolean empty = true;
                    for (int c = 0; c < header.size(); c++) {
                        String text = text(row.getCell(c), formatter);
                        cells.add(text);
                        empty &= text.isBlank();
                    }
                    if (empty || cells.get(0).startsWith("#")) {
                        continue;
                    }
                    int rowNumber = r + 1;
                    String sheetName = sheet.getSheetName();
                    rows.add(CsvCampaignReader.row(file, rowNumber, header, cells, index -> "sheet '" + sheetName
                            + "', row " + rowNumber + ", column '" + header.get(index) + "' (cell "
                            + CellReference.convertNumToColString(index) + rowNumber + ")"));
                }
            }
        } catch (IOException | RuntimeException e) {
            errors.add(new RuleError(file, 0, "unreadable XLSX workbook: " + e.getMessage()));
        }
        return rows;
    }

    private static String text(Cell cell, DataFormatter formatter) {
        if (cell == null) {
            return "";
        }
        if (cell.getCellType() == CellType.NUMERIC && DateUtil.isCellDateFormatted(cell)) {
            return cell.getLocalDateTimeCellValue().toLocalDate().toString();
        }
        if (cell.getCellType() == CellType.FORMULA) {
            return "";
        }
        return formatter.formatCellValue(cell).strip();
    }
}
