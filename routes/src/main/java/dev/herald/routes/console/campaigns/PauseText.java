package dev.herald.routes.console.campaigns;

import dev.herald.engine.delivery.CampaignPauses;
import dev.herald.engine.delivery.DeliverabilityGuard;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How the console words a campaign pause (ADR 0074), on the campaign's page and on the delivery page: when, by whom
 * (a console user by their name, the guard as such) and why, and how many emails wait.
 */
public final class PauseText {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final String CONSOLE = "console:";

    private PauseText() {
    }

    /** "mia" for {@code console:mia}, "the deliverability guard" for the guard, anyone else as recorded. */
    public static String who(String pausedBy) {
        if (pausedBy == null || pausedBy.isBlank()) {
            return "unknown";
        }
        if (DeliverabilityGuard.ACTOR.equals(pausedBy)) {
            return "the deliverability guard";
        }
        return pausedBy.startsWith(CONSOLE) ? pausedBy.substring(CONSOLE.length()) : pausedBy;
    }

    public static String time(Instant at) {
        return at == null ? "" : TIME.format(at);
    }

    /** "1 email is waiting." or "12 emails are waiting." */
    public static String waiting(long held) {
        return held == 1 ? "1 email is waiting." : held + " emails are waiting.";
    }

    /** "Paused since 2026-11-25 10:00 UTC by mia: checking the list. 3 emails are waiting." */
    public static String sentence(CampaignPauses.Pause pause) {
        return "Paused since " + time(pause.pausedAt()) + " by " + who(pause.pausedBy()) + ": " + reason(pause)
                + ". " + waiting(pause.held());
    }

    /** The reason without a closing full stop (the sentence adds its own). */
    public static String reason(CampaignPauses.Pause pause) {
        String reason = pause.reason() == null ? "" : pause.reason().strip();
        while (reason.endsWith(".")) {
            reason = reason.substring(0, reason.length() - 1);
        }
        return reason.isEmpty() ? "no reason given" : reason;
    }
}
