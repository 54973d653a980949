package dev.herald.routes.console.campaigns;

import dev.herald.engine.journey.Journey;
import dev.herald.engine.journey.JourneyInstance.Status;
import dev.herald.engine.journey.JourneyService.StepCount;
import dev.herald.engine.journey.JourneyStep;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A journey drawn as a flow of steps, each with the customers there now (active) and the runs that ended there
 * (completed, exited, failed): the {@code herald journeys status} figures as a page. Steps no longer in the
 * definition but with runs on record are shown after the defined ones.
 */
final class JourneyFlow {

    private JourneyFlow() {
    }

    static Map<String, Object> model(Journey journey, List<StepCount> counts) {
        Map<String, String[]> steps = new LinkedHashMap<>();
        if (journey != null) {
            for (JourneyStep step : journey.steps()) {
                steps.put(step.id(), new String[]{kind(step), detail(step)});
            }
        }
        counts.forEach(c -> steps.putIfAbsent(c.step(), new String[]{"removed", "no longer in the definition"}));
        List<Map<String, Object>> items = new ArrayList<>();
        long[] totals = new long[Status.values().length];
        long widest = 1;
        for (StepCount c : counts) {
            if (c.status() == Status.ACTIVE) {
                widest = Math.max(widest, c.runs());
            }
        }
        int index = 0;
        for (Map.Entry<String, String[]> step : steps.entrySet()) {
            long[] byStatus = new long[Status.values().length];
            for (StepCount c : counts) {
                if (c.step().equals(step.getKey())) {
                    byStatus[c.status().ordinal()] += c.runs();
                    totals[c.status().ordinal()] += c.runs();
                }
            }
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("number", ++index);
            item.put("id", step.getKey());
            item.put("kind", step.getValue()[0]);
            item.put("detail", step.getValue()[1]);
            item.put("active", byStatus[Status.ACTIVE.ordinal()]);
            item.put("completed", byStatus[Status.COMPLETED.ordinal()]);
            item.put("exited", byStatus[Status.EXITED.ordinal()]);
            item.put("failed", byStatus[Status.FAILED.ordinal()]);
            // a bar for the customers waiting at the step, as server-made SVG (no inline style under the CSP)
            item.put("bar", Math.round(200.0 * byStatus[Status.ACTIVE.ordinal()] / widest));
            item.put("last", index == steps.size());
            items.add(item);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("steps", items);
        model.put("totalActive", totals[Status.ACTIVE.ordinal()]);
        model.put("totalCompleted", totals[Status.COMPLETED.ordinal()]);
        model.put("totalExited", totals[Status.EXITED.ordinal()]);
        model.put("totalFailed", totals[Status.FAILED.ordinal()]);
        if (journey != null) {
            model.put("exitOn", String.join(", ", new TreeSet<>(journey.exitOn())));
            model.put("reentry", journey.reentry().kind() == dev.herald.engine.journey.ReentryPolicy.Kind.AFTER_COOL_DOWN
                    ? "after " + human(journey.reentry().coolDown()) : journey.reentry().toString());
        }
        return model;
    }

    static String kind(JourneyStep step) {
        if (step instanceof JourneyStep.Send) {
            return "send";
        }
        return step instanceof JourneyStep.Delay ? "delay" : "wait";
    }

    private static String detail(JourneyStep step) {
        if (step instanceof JourneyStep.Send send) {
            return send.variants().isEmpty() ? "template " + send.template()
                    : "variants " + String.join(", ", send.variants().stream()
                    .map(v -> v.name() + " (" + v.template() + ", weight " + v.weight() + ")").toList());
        }
        if (step instanceof JourneyStep.Delay delay) {
            return delay.duration() != null ? "wait " + human(delay.duration()) : "until next " + delay.untilLocalTime();
        }
        JourneyStep.Wait wait = (JourneyStep.Wait) step;
        return "for " + wait.event() + " up to " + human(wait.timeout()) + "; then " + wait.onEvent()
                + ", else " + wait.onTimeout();
    }

    static String human(Duration d) {
        if (d.isZero()) {
            return "0";
        }
        if (d.toDays() > 0 && d.toHours() % 24 == 0) {
            return d.toDays() + "d";
        }
        if (d.toHours() > 0 && d.toMinutes() % 60 == 0) {
            return d.toHours() + "h";
        }
        if (d.toMinutes() > 0 && d.toSeconds() % 60 == 0) {
            return d.toMinutes() + "m";
        }
        return d.toSeconds() + "s";
    }
}
