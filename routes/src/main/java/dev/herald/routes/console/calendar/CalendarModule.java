package dev.herald.routes.console.calendar;

import dev.herald.engine.schedule.CampaignCalendar;
import dev.herald.engine.schedule.CampaignCalendar.Entry;
import dev.herald.routes.console.ConsoleModule;
import dev.herald.routes.console.ConsoleNav;
import dev.herald.routes.console.ConsoleRequest;
import dev.herald.routes.console.ConsoleResponse;
import dev.herald.routes.console.ConsoleRole;
import dev.herald.routes.console.ConsoleRouter;
import dev.herald.routes.console.ConsoleView;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The console's calendar: a month of what Herald sent and will send, day by day (UTC): emails sent per campaign, emails
 * waiting for their time, journey steps due, and campaigns that go out at a set time with how their run went. A
 * marketer planning a send sees what else goes out that week, and what a past day actually sent. Marketers and
 * analysts read.
 */
public final class CalendarModule implements ConsoleModule {

    static final Set<ConsoleRole> READERS = EnumSet.of(ConsoleRole.MARKETER, ConsoleRole.ANALYST);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private final CampaignCalendar calendar;
    private final Clock clock;
    private ConsoleView view;

    public CalendarModule(CampaignCalendar calendar, Clock clock) {
        this.calendar = calendar;
        this.clock = clock;
    }

    @Override
    public ConsoleNav nav() {
        return new ConsoleNav("Calendar", "/calendar", 25, READERS);
    }

    @Override
    public void register(ConsoleRouter router, ConsoleView view) {
        this.view = view;
        router.get("/calendar", READERS, this::month);
    }

    private ConsoleResponse month(ConsoleRequest request) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        YearMonth month = YearMonth.from(today);
        String asked = request.query("month");
        String refused = null;
        if (asked != null && !asked.isBlank()) {
            try {
                month = YearMonth.parse(asked.strip());
            } catch (DateTimeParseException e) {
                refused = "Not a month: '" + asked.strip() + "'. Showing " + month + "; write months as 2026-12.";
            }
        }
        List<Entry> entries = calendar.between(month.atDay(1), month.plusMonths(1).atDay(1), clock.instant());
        Map<String, Object> model = model(month, entries, today);
        model.put("refused", refused);
        return view.page(request, "Calendar", "calendar/index", model);
    }

    /** The month's grid (weeks from Monday, days of the months around it greyed), its totals and the links around it. */
    static Map<String, Object> model(YearMonth month, List<Entry> entries, LocalDate today) {
        Map<LocalDate, List<Map<String, Object>>> byDay = new HashMap<>();
        Map<CampaignCalendar.Kind, Long> totals = new EnumMap<>(CampaignCalendar.Kind.class);
        for (Entry e : entries) {
            byDay.computeIfAbsent(e.day(), d -> new ArrayList<>()).add(chip(e));
            totals.merge(e.kind(), e.kind() == CampaignCalendar.Kind.SCHEDULED ? 1 : e.count(), Long::sum);
        }
        LocalDate first = month.atDay(1);
        LocalDate start = first.minusDays(first.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue());
        List<Map<String, Object>> weeks = new ArrayList<>();
        for (LocalDate day = start; !day.isAfter(month.atEndOfMonth()) || day.getDayOfWeek() != DayOfWeek.MONDAY;
             day = day.plusDays(1)) {
            if (day.getDayOfWeek() == DayOfWeek.MONDAY) {
                weeks.add(new LinkedHashMap<>(Map.of("days", new ArrayList<Map<String, Object>>())));
            }
            Map<String, Object> cell = new HashMap<>();
            boolean inMonth = YearMonth.from(day).equals(month);
            cell.put("date", day.toString());
            cell.put("number", day.getDayOfMonth());
            cell.put("classes", (inMonth ? "" : " other") + (day.equals(today) ? " today" : "")
                    + (day.isBefore(today) ? " past" : ""));
            cell.put("entries", inMonth ? byDay.getOrDefault(day, List.of()) : List.of());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> days = (List<Map<String, Object>>) weeks.get(weeks.size() - 1).get("days");
            days.add(cell);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("title", month.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + month.getYear());
        model.put("weeks", weeks);
        model.put("previous", month.minusMonths(1).toString());
        model.put("next", month.plusMonths(1).toString());
        model.put("thisMonth", YearMonth.from(today).equals(month) ? null : YearMonth.from(today).toString());
        model.put("totals", count(totals.getOrDefault(CampaignCalendar.Kind.SENT, 0L), "email sent", "emails sent")
                + " · " + count(totals.getOrDefault(CampaignCalendar.Kind.WAITING, 0L), "waiting for its time",
                "waiting for their time")
                + " · " + count(totals.getOrDefault(CampaignCalendar.Kind.JOURNEY, 0L), "journey step due",
                "journey steps due")
                + " · " + count(totals.getOrDefault(CampaignCalendar.Kind.SCHEDULED, 0L), "campaign at a set time",
                "campaigns at a set time"));
        model.put("empty", entries.isEmpty());
        return model;
    }

    private static String count(long n, String one, String many) {
        return String.format(Locale.ROOT, "%,d ", n) + (n == 1 ? one : many);
    }

    /** One line of a day: its kind (for the colour), the campaign, what it says, where it leads. */
    static Map<String, Object> chip(Entry e) {
        Map<String, Object> chip = new HashMap<>();
        chip.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
        chip.put("campaign", e.campaign());
        chip.put("href", "/campaigns/" + URLEncoder.encode(e.campaign(), StandardCharsets.UTF_8).replace("+", "%20"));
        String count = String.format(Locale.ROOT, "%,d", e.count());
        chip.put("text", switch (e.kind()) {
            case SENT -> count + " sent";
            case WAITING -> count + " waiting";
            case JOURNEY -> count + (e.count() == 1 ? " journey step" : " journey steps");
            case SCHEDULED -> "at " + HOUR.format(e.at()) + (e.outcome() == null ? ""
                    : switch (e.outcome()) {
                        case "DONE" -> ", done: " + count + " queued";
                        case "MISSED" -> ", missed";
                        default -> ", running: " + count + " queued";
                    });
        });
        return chip;
    }
}
