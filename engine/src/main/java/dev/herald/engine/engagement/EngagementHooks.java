package dev.herald.engine.engagement;

import dev.herald.engine.consent.BounceService;
import dev.herald.engine.consent.ConsentService;
import dev.herald.engine.consent.SuppressionGate;
import dev.herald.engine.delivery.DeliveryHooks;
import dev.herald.engine.delivery.OutboxMessage;
import dev.herald.engine.delivery.RenderedEmail;
import jakarta.persistence.EntityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adds consent and tracking to every marketing email at send time: the {@code unsubscribeUrl} the layout
 * shows (appended to both parts when a template forgot it), RFC 8058 {@code List-Unsubscribe} and
 * {@code List-Unsubscribe-Post} headers, every http(s) link of the HTML part rewritten to a signed click
 * link, and a 1×1 open pixel. Transactional campaigns get none of that; the opt-in confirmation gets its
 * {@code confirmUrl}. An SMTP 550-554 refusal marks the address bounced.
 */
public final class EngagementHooks implements DeliveryHooks {

    private static final Logger LOG = LoggerFactory.getLogger(EngagementHooks.class);
    private static final Pattern HREF = Pattern.compile("href=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    /** The 5xx replies that are about the recipient; syntax (500-504) and authentication (530-538) ones are not. */
    private static final Pattern SMTP_PERMANENT = Pattern.compile("^SMTP (55[0-4])\\b");

    private final TrackingTokens tokens;
    private final Supplier<String> publicUrlSource;
    private final SuppressionGate gate;
    private final BounceService bounces;
    private volatile java.util.function.BooleanSupplier topicsDefined = () -> false;

    /**
     * @param publicUrl where recipients reach Herald's HTTP endpoints, e.g. {@code https://mail.example.com};
     *                  a supplier because the default is known only once the HTTP server has its port
     */
    public EngagementHooks(TrackingTokens tokens, Supplier<String> publicUrl, SuppressionGate gate,
                           BounceService bounces) {
        this.tokens = tokens;
        this.publicUrlSource = publicUrl;
        this.gate = gate;
        this.bounces = bounces;
    }

    /**
     * While the campaigns define subscription topics, a marketing email's model also gets {@code preferencesUrl}: the
     * customer's preference page, with the email's unsubscribe token (ADR 0063). The layouts show it beside the
     * unsubscribe link.
     */
    public EngagementHooks withPreferences(java.util.function.BooleanSupplier whileTopicsDefined) {
        this.topicsDefined = whileTopicsDefined;
        return this;
    }

    private String publicUrl() {
        String url = publicUrlSource.get();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public String unsubscribeUrl(long outboxId) {
        return publicUrl() + "/u/" + tokens.unsubscribe(outboxId);
    }

    private boolean marketing(OutboxMessage m) {
        return !gate.isTransactional(m.campaign());
    }

    @Override
    public Map<String, Object> model(OutboxMessage message, Map<String, Object> model) {
        Map<String, Object> out = new LinkedHashMap<>(model);
        if (ConsentService.CONFIRMATION_CAMPAIGN.equals(message.campaign())) {
            out.put("confirmUrl", publicUrl() + "/optin/" + tokens.confirm(message.customerId()));
        } else if (marketing(message)) {
            out.put("unsubscribeUrl", unsubscribeUrl(message.id()));
            if (topicsDefined.getAsBoolean()) {
                out.put("preferencesUrl", publicUrl() + "/p/" + tokens.unsubscribe(message.id()));
            }
        }
        return out;
    }

    @Override
    public RenderedEmail email(OutboxMessage message, RenderedEmail email) {
        if (!marketing(message)) {
            return email;
        }
        String unsubscribe = unsubscribeUrl(message.id());
        String html = rewriteLinks(message.id(), email.html());
        if (!html.contains(unsubscribe)) {
            html = beforeBodyEnd(html, "<p style=\"font-size:12px;color:#888888;\"><a href=\"" + unsubscribe
                    + "\">Unsubscribe</a></p>");
        }
        html = beforeBodyEnd(html, "<img src=\"" + publicUrl() + "/o/" + tokens.open(message.id())
                + ".gif\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0;\">");
        String text = email.text().contains(unsubscribe) ? email.text()
                : email.text() + "\n\nUnsubscribe: " + unsubscribe + "\n";
        return new RenderedEmail(email.subject(), html, text);
    }

    @Override
    public Map<String, String> headers(OutboxMessage message) {
        if (!marketing(message)) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("List-Unsubscribe", "<" + unsubscribeUrl(message.id()) + ">");
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        return headers;
    }

    @Override
    public void failedForGood(EntityManager em, OutboxMessage message, String error, Instant now) {
        Matcher code = SMTP_PERMANENT.matcher(error == null ? "" : error);
        if (!code.find()) {
            return;
        }
        try {
            BounceService.Result result = bounces.record(em, message.recipient(), code.group(1), error, "smtp", now,
                    message.campaign());
            LOG.info("SMTP {} for outbox message {}: address {}", code.group(1), message.id(),
                    result.name().toLowerCase());
        } catch (IllegalArgumentException invalidAddress) {
            LOG.warn("outbox message {} refused with SMTP {} and its recipient is not a valid address", message.id(),
                    code.group(1));
        }
    }

    /** Every http(s) href except Herald's own links becomes a signed click link carrying the original URL. */
    String rewriteLinks(long outboxId, String html) {
        String publicUrl = publicUrl();
        Matcher m = HREF.matcher(html);
        StringBuilder out = new StringBuilder(html.length() + 256);
        while (m.find()) {
            String url = HtmlEntities.unescape(m.group(1)).strip();
            String replacement = m.group(0);
            if (EngagementService.isWebUrl(url) && !url.startsWith(publicUrl + "/")) {
                replacement = "href=\"" + publicUrl + "/c/" + tokens.click(outboxId, url) + "\"";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String beforeBodyEnd(String html, String snippet) {
        int end = html.toLowerCase(java.util.Locale.ROOT).lastIndexOf("</body>");
        return end < 0 ? html + snippet : html.substring(0, end) + snippet + "\n" + html.substring(end);
    }
}
