package dev.herald.engine.schedule;

import dev.herald.engine.consent.Rows;
import dev.herald.engine.persistence.Transactions;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Herald sent and will send, day by day (UTC), for the console's calendar: the emails each campaign sent, the
 * emails waiting in the outbox for their time (best hour, quiet hours, caps, a paused campaign; those already due count
 * on today), the journey steps due, and the campaigns that go out at a set time with how their run went. Past and
 * future on one page, so a marketer sees a crowded week coming, and what a day actually sent.
 */
public final class CampaignCalendar {

    /** What an entry counts. */
    public enum Kind {
        /** Emails sent that day. */
        SENT,
        /** Emails in the outbox whose time falls that day (or are due now, on today). */
        WAITING,
        /** Customers whose journey step falls due that day. */
        JOURNEY,
        /** A campaign that goes out at a set time that day. */
        SCHEDULED
    }

    /**
     * One line of a day: {@code count} for SENT, WAITING and JOURNEY; for SCHEDULED the time and, once its run
     * started, the run's outcome (RUNNING, DONE, MISSED) and the emails it queued.
     */
    public record Entry(LocalDate day, Kind kind, String campaign, long count, Instant at, String outcome) {
    }

    private final Transactions transactions;
    private final ScheduledCampaigns scheduled;

    public CampaignCalendar(Transactions transactions, ScheduledCampaigns scheduled) {
        this.transactions = transactions;
        this.scheduled = scheduled;
    }

    /** Every entry of the days {@code [from, to)}, by day, then kind, then campaign. */
    public List<Entry> between(LocalDate from, LocalDate to, Instant now) {
        Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = to.atStartOfDay(ZoneOffset.UTC).toInstant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<Entry> entries = new ArrayList<>();
        transactions.inTransaction(em -> {
            String sentDay = Rows.epochDay("sent_at");
            counts(em, "select campaign, " + sentDay + ", count(*) from outbox_message where status = 'SENT'"
                    + " and sent_at >= ?1 and sent_at < ?2 group by campaign, " + sentDay, start, end)
                    .forEach((key, n) -> entries.add(new Entry(key.day(), Kind.SENT, key.campaign(), n, null, null)));
            // waiting: by the day they fall due, those already due on today (when today is shown)
            Map<DayCampaign, Long> waiting = new TreeMap<>();
            Instant waitingFrom = !today.isBefore(from) && today.isBefore(to) ? Instant.EPOCH : start;
            String dueDay = Rows.epochDay("next_attempt_at");
            counts(em, "select campaign, " + dueDay + ", count(*) from outbox_message where status = 'PENDING'"
                    + " and next_attempt_at >= ?1 and next_attempt_at < ?2 group by campaign, " + dueDay,
                    waitingFrom, end).forEach((key, n) -> {
                        LocalDate day = key.day().isBefore(today) ? today : key.day();
                        if (!day.isBefore(from) && day.isBefore(to)) {
                            waiting.merge(new DayCampaign(day, key.campaign()), n, Long::sum);
                        }
                    });
            waiting.forEach((key, n) -> entries.add(new Entry(key.day(), Kind.WAITING, key.campaign(), n, null, null)));
            String wakeDay = Rows.epochDay("wake_at");
            counts(em, "select campaign, " + wakeDay + ", count(*) from journey_instance where status = 'ACTIVE'"
                    + " and wake_at >= ?1 and wake_at < ?2 group by campaign, " + wakeDay, start, end)
                    .forEach((key, n) -> entries.add(new Entry(key.day(), Kind.JOURNEY, key.campaign(), n, null, null)));
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select campaign, send_at, outcome, emails from scheduled_run"
                    + " where send_at >= ?1 and send_at < ?2").setParameter(1, start.atOffset(ZoneOffset.UTC))
                    .setParameter(2, end.atOffset(ZoneOffset.UTC)).getResultList();
            Map<String, Object[]> runOf = new HashMap<>();
            rows.forEach(r -> runOf.put(r[0] + "@" + Rows.instant(r[1]), r));
            Map<String, Boolean> listed = new HashMap<>();
            for (ScheduledCampaigns.Scheduled s : scheduled.scheduled()) {
                if (!s.at().isBefore(start) && s.at().isBefore(end)) {
                    Object[] run = runOf.get(s.campaign() + "@" + s.at());
                    listed.put(s.campaign() + "@" + s.at(), true);
                    entries.add(scheduledEntry(s.campaign(), s.at(), run));
                }
            }
            // runs of campaigns no longer scheduled (edited, removed) still happened
            runOf.forEach((key, run) -> {
                if (!listed.containsKey(key)) {
                    entries.add(scheduledEntry((String) run[0], Rows.instant(run[1]), run));
                }
            });
            return null;
        });
        entries.sort(Comparator.comparing(Entry::day).thenComparing(Entry::kind).thenComparing(Entry::campaign));
        return entries;
    }

    private static Entry scheduledEntry(String campaign, Instant at, Object[] run) {
        return new Entry(LocalDate.ofInstant(at, ZoneOffset.UTC), Kind.SCHEDULED, campaign,
                run == null ? 0 : ((Number) run[3]).longValue(), at, run == null ? null : Rows.text(run[2]));
    }

    private record DayCampaign(LocalDate day, String campaign) implements Comparable<DayCampaign> {
        @Override
        public int compareTo(DayCampaign o) {
            int byDay = day.compareTo(o.day);
            return byDay != 0 ? byDay : campaign.compareTo(o.campaign);
        }
    }

    private static Map<DayCampaign, Long> counts(EntityManager em, String sql, Instant from, Instant to) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(sql).setParameter(1, from.atOffset(ZoneOffset.UTC))
                .setParameter(2, to.atOffset(ZoneOffset.UTC)).getResultList();
        Map<DayCampaign, Long> out = new TreeMap<>();
        for (Object[] r : rows) {
            out.merge(new DayCampaign(Rows.localDate(r[1]), (String) r[0]), ((Number) r[2]).longValue(), Long::sum);
        }
        return out;
    }
}
