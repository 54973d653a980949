package dev.herald.app.rules;

import dev.herald.engine.consent.AuditLog;
import dev.herald.engine.persistence.Transactions;
import dev.herald.rules.RuleError;
import dev.herald.rules.campaign.RuleBaseHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes every campaign publish to the audit log (issue 7: "an audit log of changes to campaigns, consent and
 * erasures"): a folder change or a {@code POST /v1/rules} that went live ({@code publish}) or was refused with
 * its errors ({@code publish-rejected}), with the version and the campaigns then running. A reload that changes
 * nothing (the running version again) is not a publish and is not written.
 */
public final class CampaignChangeAudit {

    static final String ENTITY_KIND = "campaigns";
    private static final Logger LOG = LoggerFactory.getLogger(CampaignChangeAudit.class);

    private CampaignChangeAudit() {
    }

    public static void attach(RuleBaseHolder holder, Transactions transactions) {
        java.util.concurrent.atomic.AtomicReference<String> lastLive = new java.util.concurrent.atomic.AtomicReference<>(
                holder.current().version());
        holder.onReload(reload -> {
            // a console publish writes the folder and reloads; the watcher then reloads the same files again: the
            // same version going live twice is one publish
            if (reload.swapped() && reload.version().equals(lastLive.getAndSet(reload.version()))) {
                return;
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("campaigns", holder.current().campaigns().keySet().stream().sorted().toList());
            List<String> errors = reload.errors().stream().map(RuleError::toString).toList();
            if (!errors.isEmpty()) {
                detail.put("errors", errors);
            }
            transactions.inTransaction(em -> {
                AuditLog.record(em, ENTITY_KIND, reload.version(), reload.swapped() ? "publish" : "publish-rejected",
                        "rules-reload", detail, reload.at());
                return null;
            });
            LOG.debug("campaign {} of version {} audited", reload.swapped() ? "publish" : "rejected publish",
                    reload.version());
        });
    }
}
