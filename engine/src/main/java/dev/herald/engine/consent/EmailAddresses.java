package dev.herald.engine.consent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The one normal form of an email address used for suppression: trimmed, lower case, angle brackets and a
 * display name removed. Lower-casing the local part is not strictly RFC 5321, but every mailbox provider
 * Herald sends to treats it case-insensitively, and suppressing too much is the safe side.
 */
public final class EmailAddresses {

    private EmailAddresses() {
    }

    /** {@code "Ann <Ann@Example.COM>"} → {@code ann@example.com}. */
    public static String normalise(String address) {
        if (address == null) {
            throw new IllegalArgumentException("email address is missing");
        }
        String a = address.strip();
        int lt = a.lastIndexOf('<');
        int gt = a.lastIndexOf('>');
        if (lt >= 0 && gt > lt) {
            a = a.substring(lt + 1, gt).strip();
        }
        if (a.regionMatches(true, 0, "rfc822;", 0, 7)) {
            a = a.substring(7).strip();
        }
        a = a.toLowerCase(Locale.ROOT);
        int at = a.indexOf('@');
        if (at <= 0 || at != a.lastIndexOf('@') || at == a.length() - 1 || a.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("not an email address: '" + address.strip() + "'");
        }
        return a;
    }

    /** SHA-256 of the normalised address, hex: the suppression key that survives erasure. */
    public static String hash(String address) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(normalise(address).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
