package dev.herald.engine.delivery;

import java.util.Locale;
import java.util.Map;

/**
 * The mailbox provider behind a recipient's domain, for deliverability by provider: each big provider filters on its
 * own, so a reputation problem shows at one of them first (Gmail's open rate falls while the others' hold). Only the
 * consumer domains providers publish are known; a company's own domain stays itself (its provider would need an MX
 * lookup, and a report must not depend on DNS).
 */
public final class MailboxProviders {

    private static final Map<String, String> BY_DOMAIN = Map.ofEntries(
            Map.entry("gmail.com", "Gmail"), Map.entry("googlemail.com", "Gmail"),
            Map.entry("outlook.com", "Microsoft"), Map.entry("hotmail.com", "Microsoft"),
            Map.entry("hotmail.co.uk", "Microsoft"), Map.entry("hotmail.de", "Microsoft"),
            Map.entry("hotmail.fr", "Microsoft"), Map.entry("live.com", "Microsoft"), Map.entry("live.co.uk", "Microsoft"),
            Map.entry("msn.com", "Microsoft"), Map.entry("outlook.de", "Microsoft"),
            Map.entry("yahoo.com", "Yahoo"), Map.entry("yahoo.co.uk", "Yahoo"), Map.entry("yahoo.de", "Yahoo"),
            Map.entry("yahoo.fr", "Yahoo"), Map.entry("ymail.com", "Yahoo"), Map.entry("aol.com", "Yahoo"),
            Map.entry("icloud.com", "Apple"), Map.entry("me.com", "Apple"), Map.entry("mac.com", "Apple"),
            Map.entry("gmx.de", "GMX and web.de"), Map.entry("gmx.net", "GMX and web.de"),
            Map.entry("gmx.com", "GMX and web.de"), Map.entry("web.de", "GMX and web.de"),
            Map.entry("t-online.de", "T-Online"), Map.entry("orange.fr", "Orange"), Map.entry("wanadoo.fr", "Orange"),
            Map.entry("btinternet.com", "BT"), Map.entry("comcast.net", "Comcast"),
            Map.entry("proton.me", "Proton"), Map.entry("protonmail.com", "Proton"),
            Map.entry("yandex.ru", "Yandex"), Map.entry("mail.ru", "Mail.ru"), Map.entry("qq.com", "Tencent"));

    private MailboxProviders() {
    }

    /** "Gmail" for gmail.com or googlemail.com; the domain itself for one not known. */
    public static String of(String domain) {
        String d = domain == null ? "" : domain.strip().toLowerCase(Locale.ROOT);
        return BY_DOMAIN.getOrDefault(d, d.isEmpty() ? "(no domain)" : d);
    }
}
