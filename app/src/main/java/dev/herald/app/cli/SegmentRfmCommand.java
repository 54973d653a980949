package dev.herald.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.engine.segment.RfmModel;
import dev.herald.engine.segment.RfmSegment;
import dev.herald.engine.segment.RfmService;
import dev.herald.engine.segment.SegmentChangeListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code herald segment rfm}: RFM segments of every customer with orders, stored as membership. */
@Command(name = "rfm", mixinStandardHelpOptions = true,
        description = {"Compute recency (days since the last order), frequency (orders) and monetary value (sum of"
                + " order totals) of every customer as of a date, score each in quintiles (1..5) and name the"
                + " segment from R and FM = (F+M)/2: Champions, Loyal, Potential loyalist, New, Promising, Needs"
                + " attention, At risk, Can't lose, Hibernating, Lost (mapping in docs/segmentation.md).",
                "The values, breakpoints and memberships are stored; a customer whose segment changed gets a"
                        + " segment-changed event (table segment_change). Prints segment sizes and RFM ranges.",
                "Example: herald segment rfm --as-of 2011-12-10 --json"})
public class SegmentRfmCommand implements Callable<Integer> {

    @Option(names = "--as-of", paramLabel = "DATE",
            description = "Reference date (YYYY-MM-DD, start of day UTC; default: the day after the latest order).")
    LocalDate asOf;

    @Option(names = "--json", description = "Print one JSON object as the last line.")
    boolean json;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        RfmService.Result result;
        try (ImportDatabase db = ImportDatabase.open(options.load(Map.of()))) {
            result = new RfmService(db.transactions(), SegmentChangeListener.NONE)
                    .computeAll(asOf == null ? null : asOf.atStartOfDay(ZoneOffset.UTC).toInstant(), Instant.now());
        }
        Map<RfmSegment, List<RfmModel.Scored>> bySegment = new EnumMap<>(RfmSegment.class);
        result.scored().forEach(s -> bySegment.computeIfAbsent(s.segment(), k -> new ArrayList<>()).add(s));
        int total = result.scored().size();
        System.out.printf(Locale.ROOT, "RFM of %,d customers as of %s (%,d segment changes, %.3f s)%n", total,
                result.asOf(), result.changes().size(), result.seconds());
        System.out.printf(Locale.ROOT, "%-20s %9s %6s  %-15s %-11s %-21s%n", "segment", "customers", "share",
                "recency (days)", "frequency", "monetary");
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode out = mapper.createObjectNode();
        out.put("as_of", result.asOf().toString());
        out.put("customers", total);
        out.put("changes", result.changes().size());
        out.put("seconds", result.seconds());
        ObjectNode breakpoints = out.putObject("breakpoints");
        breakpoints.putPOJO("recency_days", result.model().recency());
        breakpoints.putPOJO("frequency", result.model().frequency());
        breakpoints.putPOJO("monetary", result.model().monetary());
        ArrayNode segments = out.putArray("segments");
        for (RfmSegment segment : RfmSegment.values()) {
            List<RfmModel.Scored> members = bySegment.getOrDefault(segment, List.of());
            Range r = new Range();
            Range f = new Range();
            Range m = new Range();
            members.forEach(s -> {
                r.add(s.values().recencyDays());
                f.add(s.values().frequency());
                m.add(s.values().monetary());
            });
            System.out.printf(Locale.ROOT, "%-20s %,9d %5.1f%%  %-15s %-11s %-21s%n", segment.label(), members.size(),
                    total == 0 ? 0 : 100.0 * members.size() / total, r.text("%.0f"), f.text("%.0f"), m.text("%.2f"));
            ObjectNode s = segments.addObject();
            s.put("name", segment.label());
            s.put("customers", members.size());
            r.json(s.putObject("recency_days"));
            f.json(s.putObject("frequency"));
            m.json(s.putObject("monetary"));
        }
        if (json) {
            System.out.println(mapper.writeValueAsString(out));
        }
        return 0;
    }

    /** Min and max of a segment's values. */
    private static final class Range {
        double min = Double.NaN;
        double max = Double.NaN;

        void add(double v) {
            min = Double.isNaN(min) ? v : Math.min(min, v);
            max = Double.isNaN(max) ? v : Math.max(max, v);
        }

        String text(String format) {
            return Double.isNaN(min) ? "-" : String.format(Locale.ROOT, format + "–" + format, min, max);
        }

        void json(ObjectNode node) {
            if (!Double.isNaN(min)) {
                node.put("min", min);
                node.put("max", max);
            }
        }
    }
}
