package dev.herald.engine.experiment.report;

import dev.herald.engine.experiment.stats.Interval;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The report as CSV for spreadsheets: one row per variant (control included, its comparison cells empty),
 * the JSON key names as headers with intervals split into {@code _low}/{@code _high}, an empty cell for
 * what cannot be computed, full precision. The sample-ratio test repeats on every row so each row stands alone.
 */
public final class AbReportCsv {

    static final List<String> HEADER = List.of("variant", "control", "users", "conversions", "rate", "rate_ci_low",
            "rate_ci_high", "chance_to_be_best", "abs_diff", "abs_ci_low", "abs_ci_high", "rel_diff", "rel_ci_low",
            "rel_ci_high", "z", "p_value", "p_value_holm", "chance_to_beat_control", "sequential_p",
            "sequential_p_holm", "sequential_abs_ci_low", "sequential_abs_ci_high", "revenue_per_user",
            "revenue_mean_diff", "revenue_ci_low", "revenue_ci_high", "revenue_t", "revenue_df", "revenue_p_value",
            "revenue_sequential_p", "revenue_sequential_ci_low", "revenue_sequential_ci_high",
            "srm_chi2", "srm_p_value", "srm_mismatch");

    public String write(AbReport report) {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder()
                .setHeader(HEADER.toArray(String[]::new)).get())) {
            for (AbReport.VariantResult v : report.variants()) {
                AbReport.Comparison c = report.comparisons().stream().filter(x -> x.variant().equals(v.name()))
                        .findFirst().orElse(null);
                AbReport.RevenueComparison r = report.revenueComparisons() == null ? null
                        : report.revenueComparisons().stream().filter(x -> x.variant().equals(v.name())).findFirst()
                                .orElse(null);
                List<Object> row = new ArrayList<>();
                row.add(v.name());
                row.add(report.control());
                row.add(v.users());
                row.add(v.conversions());
                row.add(cell(v.rate()));
                addInterval(row, v.rateCi());
                row.add(cell(v.chanceToBeBest()));
                row.add(cell(c == null ? null : c.absDiff()));
                addInterval(row, c == null ? null : c.absCi());
                row.add(cell(c == null ? null : c.relDiff()));
                addInterval(row, c == null ? null : c.relCi());
                row.add(cell(c == null ? null : c.z()));
                row.add(cell(c == null ? null : c.pValue()));
                row.add(cell(c == null ? null : c.pValueHolm()));
                row.add(cell(c == null ? null : c.chanceToBeatControl()));
                row.add(cell(c == null ? null : c.sequentialP()));
                row.add(cell(c == null ? null : c.sequentialPHolm()));
                addInterval(row, c == null ? null : c.sequentialAbsCi());
                row.add(cell(v.revenuePerUser()));
                row.add(cell(r == null ? null : r.meanDiff()));
                addInterval(row, r == null ? null : r.ci());
                row.add(cell(r == null ? null : r.t()));
                row.add(cell(r == null ? null : r.df()));
                row.add(cell(r == null ? null : r.pValue()));
                row.add(cell(r == null ? null : r.sequentialP()));
                addInterval(row, r == null ? null : r.sequentialCi());
                row.add(cell(report.srm().chi2()));
                row.add(cell(report.srm().pValue()));
                row.add(report.srm().mismatch());
                printer.printRecord(row);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write CSV to memory", e);
        }
        return out.toString();
    }

    private static void addInterval(List<Object> row, Interval interval) {
        row.add(interval == null ? "" : Double.toString(interval.low()));
        row.add(interval == null ? "" : Double.toString(interval.high()));
    }

    private static String cell(Double value) {
        return value == null || !Double.isFinite(value) ? "" : Double.toString(value);
    }
}
