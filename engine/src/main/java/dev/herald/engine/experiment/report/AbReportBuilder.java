package dev.herald.engine.experiment.report;

import dev.herald.engine.experiment.stats.BayesianBeta;
import dev.herald.engine.experiment.stats.HolmCorrection;
import dev.herald.engine.experiment.stats.Interval;
import dev.herald.engine.experiment.stats.Proportions;
import dev.herald.engine.experiment.stats.SampleRatioTest;
import dev.herald.engine.experiment.stats.SampleSizeCalculator;
import dev.herald.engine.experiment.stats.SequentialTest;
import dev.herald.engine.experiment.stats.WelchTest;

import java.util.ArrayList;
import java.util.List;

import static dev.herald.engine.experiment.report.ReportFormat.chance;
import static dev.herald.engine.experiment.report.ReportFormat.confidence;
import static dev.herald.engine.experiment.report.ReportFormat.count;
import static dev.herald.engine.experiment.report.ReportFormat.pEquals;
import static dev.herald.engine.experiment.report.ReportFormat.percent;
import static dev.herald.engine.experiment.report.ReportFormat.percentPrecise;
import static dev.herald.engine.experiment.report.ReportFormat.percentRange;

/** Computes an {@link AbReport} from counts: every statistic of docs/ab-statistics.md plus the plain-words verdict. */
public final class AbReportBuilder {

    /** Below this many conversions or non-conversions in an arm the normal approximations get rough. */
    static final int SMALL_COUNT = 10;

    public AbReport build(AbInput input) {
        double alpha = input.alpha();
        double confidence = 1 - alpha;
        List<AbInput.Variant> variants = input.variants();
        AbInput.Variant control = variants.stream().filter(v -> v.name().equals(input.control())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("control " + input.control() + " is not a variant"));

        AbReport.Srm srm = sampleRatio(variants);

        List<BayesianBeta.Posterior> posteriors = variants.stream()
                .map(v -> BayesianBeta.posterior(v.conversions(), v.users())).toList();
        List<Double> best = BayesianBeta.chanceToBeBest(posteriors);
        List<AbReport.VariantResult> results = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            AbInput.Variant v = variants.get(i);
            results.add(new AbReport.VariantResult(v.name(), v.users(), v.conversions(), v.weight(),
                    v.users() == 0 ? null : (double) v.conversions() / v.users(),
                    Proportions.wilson(v.conversions(), v.users(), confidence), best.get(i),
                    v.revenue() == null ? null : v.revenue().mean()));
        }

        List<Proportions.Comparison> raw = new ArrayList<>();
        List<SequentialTest.Result> sequential = new ArrayList<>();
        List<AbInput.Variant> challengers = variants.stream().filter(v -> v != control).toList();
        for (AbInput.Variant v : challengers) {
            raw.add(Proportions.compare(control.conversions(), control.users(), v.conversions(), v.users(),
                    confidence));
            sequential.add(SequentialTest.compare(control.conversions(), control.users(), v.conversions(), v.users(),
                    input.minimumDetectableEffect(), alpha));
        }
        List<Double> holm = HolmCorrection.adjust(raw.stream().map(Proportions.Comparison::pValue).toList());
        List<Double> sequentialHolm = HolmCorrection.adjust(sequential.stream().map(SequentialTest.Result::pValue)
                .toList());
        BayesianBeta.Posterior controlPosterior = BayesianBeta.posterior(control.conversions(), control.users());
        List<AbReport.Comparison> comparisons = new ArrayList<>();
        List<AbReport.RevenueComparison> revenue = new ArrayList<>();
        for (int i = 0; i < challengers.size(); i++) {
            AbInput.Variant v = challengers.get(i);
            Proportions.Comparison c = raw.get(i);
            double beat = challengers.size() == 1 ? best.get(variants.indexOf(v))
                    : BayesianBeta.chanceToBeat(controlPosterior, BayesianBeta.posterior(v.conversions(), v.users()));
            SequentialTest.Result s = sequential.get(i);
            comparisons.add(new AbReport.Comparison(v.name(), control.name(), c.absDiff(), c.absCi(), c.relDiff(),
                    c.relCi(), c.z(), c.pValue(), holm.get(i), beat, s.pValue(), sequentialHolm.get(i), s.absCi()));
            if (control.revenue() != null && v.revenue() != null) {
                WelchTest.Result w = WelchTest.compare(control.revenue(), v.revenue(), confidence);
                SequentialTest.Result sr = SequentialTest.compareMeans(control.revenue(), v.revenue(),
                        input.minimumDetectableEffect(), alpha);
                revenue.add(new AbReport.RevenueComparison(v.name(), control.name(), w.meanDiff(), w.ci(), w.t(),
                        w.df(), w.pValue(), sr.pValue(), sr.absCi()));
            }
        }

        AbReport.Planning planning = planning(input, control, variants);
        List<AbReport.Warning> warnings = warnings(input, control, variants, srm, comparisons, planning);
        List<String> sentences = new ArrayList<>();
        for (AbReport.Comparison c : comparisons) {
            sentences.add(sentence(input, c, challengers.size() > 1, srm));
        }
        for (AbReport.RevenueComparison r : revenue) {
            sentences.add(revenueSentence(input, r));
        }
        return new AbReport(control.name(), alpha, input.metric(), srm, results, comparisons,
                control.revenue() == null ? null : revenue, planning, warnings,
                headline(input, srm, comparisons, results, planning), sentences, timelines(variants));
    }

    private static AbReport.Srm sampleRatio(List<AbInput.Variant> variants) {
        long[] users = variants.stream().mapToLong(AbInput.Variant::users).toArray();
        double[] weights = variants.stream().mapToDouble(v -> v.weight() == null ? 1.0 : v.weight()).toArray();
        SampleRatioTest.Result r = SampleRatioTest.test(users, weights);
        double weightSum = 0;
        long total = 0;
        for (int i = 0; i < users.length; i++) {
            weightSum += weights[i];
            total += users[i];
        }
        List<Double> expected = new ArrayList<>();
        for (double weight : weights) {
            expected.add(total * weight / weightSum);
        }
        return new AbReport.Srm(r.chi2(), r.df(), r.pValue(), r.mismatch(), expected);
    }

    private static AbReport.Planning planning(AbInput input, AbInput.Variant control, List<AbInput.Variant> variants) {
        long smallest = variants.stream().mapToLong(AbInput.Variant::users).min().orElse(0);
        Long required = null;
        Double detectable = null;
        if (control.users() > 0) {
            double baseline = (double) control.conversions() / control.users();
            required = SampleSizeCalculator.usersPerArm(baseline, input.minimumDetectableEffect(), input.alpha(),
                    input.power());
            detectable = SampleSizeCalculator.minimumDetectableLift(baseline, smallest, input.alpha(), input.power());
        }
        Long target = input.plannedUsersPerArm() != null ? input.plannedUsersPerArm() : required;
        return new AbReport.Planning(input.minimumDetectableEffect(), input.power(), required,
                input.plannedUsersPerArm(), smallest, detectable, daysToTarget(variants, target));
    }

    /**
     * Days the smallest arm still needs to reach {@code target} at the pace of the last 7 days of the daily figures
     * (ending on the latest day any arm has); null when reached, without daily figures, or with no one joining lately.
     */
    static Long daysToTarget(List<AbInput.Variant> variants, Long target) {
        AbInput.Variant smallest = variants.stream().min(java.util.Comparator.comparingLong(AbInput.Variant::users))
                .orElse(null);
        if (target == null || smallest == null || smallest.users() >= target || smallest.daily().isEmpty()) {
            return null;
        }
        java.time.LocalDate last = variants.stream().flatMap(v -> v.daily().stream()).map(AbInput.Day::date)
                .max(java.time.LocalDate::compareTo).orElseThrow();
        java.time.LocalDate from = last.minusDays(6);
        long lastWeek = smallest.daily().stream().filter(d -> !d.date().isBefore(from)).mapToLong(AbInput.Day::users)
                .sum();
        if (lastWeek == 0) {
            return null;
        }
        return (long) Math.ceil((target - smallest.users()) / (lastWeek / 7.0));
    }

    private static List<AbReport.Warning> warnings(AbInput input, AbInput.Variant control,
            List<AbInput.Variant> variants, AbReport.Srm srm, List<AbReport.Comparison> comparisons,
            AbReport.Planning planning) {
        List<AbReport.Warning> warnings = new ArrayList<>();
        if (srm.mismatch()) {
            StringBuilder observed = new StringBuilder();
            for (int i = 0; i < variants.size(); i++) {
                observed.append(i == 0 ? "" : ", ").append(variants.get(i).name()).append(' ')
                        .append(count(variants.get(i).users())).append(" (expected ")
                        .append(count(Math.round(srm.expectedUsers().get(i)))).append(')');
            }
            warnings.add(new AbReport.Warning("sample_ratio_mismatch", "Sample-ratio mismatch (" + pEquals(srm.pValue())
                    + "): users per variant do not match the intended split: " + observed + ". Assignment or tracking"
                    + " is broken; do not act on this test until the cause is found."));
        }
        boolean anySignificant = comparisons.stream().anyMatch(c -> c.significant(input.alpha()));
        boolean anySequentiallySignificant = comparisons.stream()
                .anyMatch(c -> c.significantSequentially(input.alpha()));
        Long target = planning.targetUsersPerArm();
        if (target != null && planning.smallestArm() < target) {
            if (anySignificant && !anySequentiallySignificant) {
                warnings.add(new AbReport.Warning("early_peeking", "Early look: the smallest variant has "
                        + count(planning.smallestArm()) + " users of the " + count(target) + " per variant the test"
                        + " needs. Stopping at the first significant fixed-sample result inflates false winners, and"
                        + " the sequential test, valid at any look, is not significant yet; keep the test running"
                        + " until every variant has " + count(target) + " users, or until the sequential test is"
                        + " significant, then decide." + planning.paceSentence()));
            } else if (!anySignificant) {
                warnings.add(new AbReport.Warning("underpowered", "Underpowered: detecting a "
                        + percent(planning.minimumDetectableEffect()) + " lift over control's "
                        + percent((double) control.conversions() / control.users()) + " " + input.metric()
                        + " rate with " + percent(planning.power()) + " power needs " + count(target)
                        + " users per variant; the smallest has " + count(planning.smallestArm())
                        + ". \"No significant difference\" here is not evidence that the variants perform alike."
                        + planning.paceSentence()));
            }
        } else if (target == null && control.users() > 0 && !anySignificant) {
            warnings.add(new AbReport.Warning("underpowered", "Underpowered: control's " + input.metric() + " rate is "
                    + percent((double) control.conversions() / control.users())
                    + ", so the sample size needed to detect a lift cannot be computed; collect more data."));
        }
        List<String> small = new ArrayList<>();
        for (AbInput.Variant v : variants) {
            if (v.conversions() < SMALL_COUNT || v.users() - v.conversions() < SMALL_COUNT) {
                small.add(v.name());
            }
        }
        if (!small.isEmpty()) {
            warnings.add(new AbReport.Warning("small_counts", "Small counts: few " + input.metric() + "s or non-" + input.metric()
                    + "s (under " + SMALL_COUNT + ") in " + String.join(", ", small) + ": the z-test and the"
                    + " difference intervals are rough approximations here; rely on the Wilson intervals and the"
                    + " Bayesian chances."));
        }
        if (control.users() > 0 && control.conversions() == 0) {
            warnings.add(new AbReport.Warning("control_rate_zero", "Control rate is zero: control has no " + input.metric() + "s, so a"
                    + " relative lift cannot be computed; the absolute difference is reported instead."));
        }
        return warnings;
    }

    private static String sentence(AbInput input, AbReport.Comparison c, boolean several, AbReport.Srm srm) {
        StringBuilder s = new StringBuilder("Variant ").append(c.variant());
        String level = confidence(input.alpha());
        String rate = input.metric() + " rate";
        if (c.relDiff() != null) {
            s.append(c.relDiff() >= 0 ? " lifts the " : " lowers the ").append(rate).append(" by ")
                    .append(ReportFormat.percentLike(Math.abs(c.relDiff()), c.relCi())).append(" (").append(level).append(" CI ")
                    .append(percentRange(c.relCi())).append(')');
        } else if (c.absDiff() != null) {
            s.append(" changes the ").append(rate).append(" by ")
                    .append(String.format(java.util.Locale.ROOT, "%+.2f", c.absDiff() * 100))
                    .append(" percentage points (").append(level).append(" CI ")
                    .append(absoluteRange(c.absCi())).append(')');
        } else {
            return s.append(": no users yet, nothing to compare.").toString();
        }
        s.append(", ").append(several ? "Holm-adjusted " + pEquals(c.pValueHolm()) : pEquals(c.pValue()));
        s.append(" (sequential, valid at any look: ")
                .append(pEquals(several ? c.sequentialPHolm() : c.sequentialP())).append(')');
        s.append("; ").append(chance(c.chanceToBeatControl())).append(" chance to beat control; ");
        s.append(srm.mismatch() ? "sample-ratio mismatch, do not trust this result." : "no sample-ratio problem.");
        return s.toString();
    }

    private static String absoluteRange(Interval ci) {
        if (ci == null) {
            return ReportFormat.NOT_AVAILABLE;
        }
        return String.format(java.util.Locale.ROOT, "%+.2f to %+.2f", ci.low() * 100, ci.high() * 100);
    }

    private static String revenueSentence(AbInput input, AbReport.RevenueComparison r) {
        String diff = r.meanDiff() == null ? ReportFormat.NOT_AVAILABLE
                : String.format(java.util.Locale.ROOT, "%+.2f", r.meanDiff());
        String ci = r.ci() == null ? ReportFormat.NOT_AVAILABLE
                : String.format(java.util.Locale.ROOT, "%+.2f to %+.2f", r.ci().low(), r.ci().high());
        return "Revenue per recipient, variant " + r.variant() + " minus control: " + diff + " ("
                + confidence(input.alpha()) + " CI " + ci + "), Welch's t-test " + pEquals(r.pValue())
                + " (sequential, valid at any look: " + pEquals(r.sequentialP()) + ").";
    }

    private static String headline(AbInput input, AbReport.Srm srm, List<AbReport.Comparison> comparisons,
            List<AbReport.VariantResult> results, AbReport.Planning planning) {
        if (srm.mismatch()) {
            return "Do not act on this test yet: the variants' sizes do not match the intended split"
                    + " (sample-ratio mismatch), so assignment or tracking is broken.";
        }
        AbReport.Comparison sequentialWinner = AbReport.bestWinner(comparisons, results,
                c -> c.significantSequentially(input.alpha()));
        AbReport.Comparison winner = AbReport.bestWinner(comparisons, results, c -> c.significant(input.alpha()));
        List<String> losers = new ArrayList<>();
        for (AbReport.Comparison c : comparisons) {
            if (c.significant(input.alpha()) && c.absDiff() != null && c.absDiff() <= 0) {
                losers.add(c.variant());
            }
        }
        String significance = " at the " + percent(input.alpha()).replace(".0 %", " %") + " significance level"
                + (comparisons.size() > 1 ? " after Holm's correction" : "");
        Long target = planning.targetUsersPerArm();
        boolean early = target != null && planning.smallestArm() < target;
        if (sequentialWinner != null) {
            return "Variant " + sequentialWinner.variant() + " beats control " + sequentialWinner.control()
                    + significance + " by the sequential test, which stays valid however often the report is read:"
                    + " roll it out.";
        }
        if (winner != null) {
            return "Variant " + winner.variant() + " beats control " + winner.control() + significance
                    + (early ? "; but the test has not reached its planned sample yet, and the sequential test is not"
                    + " significant yet: keep it running before rolling out." : ": roll it out.");
        }
        if (!losers.isEmpty()) {
            return "No variant beats control" + significance + "; " + String.join(", ", losers)
                    + (losers.size() == 1 ? " performs" : " perform") + " worse than control.";
        }
        return "No variant beats control" + significance + (early ? " yet; the test has not reached its planned"
                + " sample of " + count(target) + " users per variant." : ".");
    }

    private static List<AbReport.Timeline> timelines(List<AbInput.Variant> variants) {
        List<AbReport.Timeline> timelines = new ArrayList<>();
        for (AbInput.Variant v : variants) {
            if (v.daily().isEmpty()) {
                continue;
            }
            long users = 0;
            long conversions = 0;
            List<AbReport.Timeline.Point> points = new ArrayList<>();
            for (AbInput.Day day : v.daily()) {
                users += day.users();
                conversions += day.conversions();
                points.add(new AbReport.Timeline.Point(day.date(), users, conversions,
                        users == 0 ? null : (double) conversions / users));
            }
            timelines.add(new AbReport.Timeline(v.name(), points));
        }
        return timelines;
    }
}
