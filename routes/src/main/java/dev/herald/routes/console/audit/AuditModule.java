package dev.herald.routes.console.audit;

import dev.herald.engine.audit.AuditTrail;
import dev.herald.routes.console.ConsoleModule;
import dev.herald.routes.console.ConsoleNav;
import dev.herald.routes.console.ConsoleRequest;
import dev.herald.routes.console.ConsoleResponse;
import dev.herald.routes.console.ConsoleRole;
import dev.herald.routes.console.ConsoleRouter;
import dev.herald.routes.console.ConsoleView;
import dev.herald.routes.console.customers.CustomersModule;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The console's Audit log ({@code /audit}, admins only: it names customers and staff): every audited change, newest
 * first, 50 a page, narrowed by kind, actor and record; a customer's record links to their page. What it reads is
 * what the engine wrote in the change's own transaction, so it is complete up to the last commit.
 */
public final class AuditModule implements ConsoleModule {

    static final Set<ConsoleRole> ADMINS = EnumSet.of(ConsoleRole.ADMIN);
    static final int PAGE_SIZE = 50;
    /** Kinds whose record id is a customer id, so the line links to the customer's page. */
    private static final Set<String> CUSTOMER_KINDS = Set.of("customer", "consent", "topics");
    private static final int DETAIL_CHARS = 300;

    private final AuditTrail trail;

    public AuditModule(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    public ConsoleNav nav() {
        return new ConsoleNav("Audit log", "/audit", 90, ADMINS);
    }

    @Override
    public void register(ConsoleRouter router, ConsoleView view) {
        router.get("/audit", ADMINS, request -> page(view, request));
    }

    private ConsoleResponse page(ConsoleView view, ConsoleRequest request) {
        String kind = blankToNull(request.query("kind"));
        String actor = blankToNull(request.query("actor"));
        String entity = blankToNull(request.query("entity"));
        int page = 0;
        try {
            page = request.query("page") == null ? 0 : Math.max(0, Integer.parseInt(request.query("page").strip()));
        } catch (NumberFormatException e) {
            page = 0;
        }
        AuditTrail.Page found = trail.page(new AuditTrail.Filter(kind, actor, entity), page, PAGE_SIZE);
        List<Map<String, Object>> rows = found.lines().stream().map(line -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("at", CustomersModule.time(line.at()));
            row.put("actor", line.actor());
            row.put("kind", line.kind());
            row.put("action", line.action());
            row.put("entity", line.entityId());
            if (CUSTOMER_KINDS.contains(line.kind())) {
                row.put("customerHref", "/customers/" + CustomersModule.pathSegment(line.entityId()));
            }
            String detail = line.detail() == null || line.detail().equals("{}") ? "" : line.detail();
            row.put("detail", detail.length() > DETAIL_CHARS ? detail.substring(0, DETAIL_CHARS) + "…" : detail);
            return row;
        }).toList();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("rows", rows);
        model.put("none", rows.isEmpty());
        model.put("kinds", trail.kinds().stream().map(k -> Map.of("kind", k, "selected", k.equals(kind))).toList());
        model.put("actor", actor == null ? "" : actor);
        model.put("entity", entity == null ? "" : entity);
        model.put("pageNumber", page + 1);
        String filters = param("kind", kind) + param("actor", actor) + param("entity", entity);
        if (page > 0) {
            model.put("previous", "/audit?page=" + (page - 1) + filters);
        }
        if (found.more()) {
            model.put("next", "/audit?page=" + (page + 1) + filters);
        }
        return view.page(request, "Audit log", "audit/index", model);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String param(String name, String value) {
        return value == null ? "" : "&" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
