package dev.herald.engine.engagement;

import dev.herald.engine.persistence.Transactions;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Signed, opaque tokens for the links in an email: unsubscribe ({@code u}), open pixel ({@code o}), click
 * ({@code c}, the target URL signed in, so only URLs that were in the email redirect) and opt-in confirmation
 * ({@code k}). A token is {@code base64url(payload) "." base64url(HMAC-SHA256(payload))[0..16 bytes]}; the
 * payload names the outbox message (or customer), never the email address. Without the secret a token cannot
 * be made or altered; a 128-bit tag makes guessing hopeless.
 */
public final class TrackingTokens {

    /** The setting the secret is kept under when none is configured. */
    public static final String SECRET_SETTING = "tracking.secret";
    private static final int TAG_BYTES = 16;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /** The kinds of token. */
    public enum Kind {
        UNSUBSCRIBE("u"), OPEN("o"), CLICK("c"), CONFIRM("k");

        final String code;

        Kind(String code) {
            this.code = code;
        }
    }

    /**
     * A verified token.
     *
     * @param outboxId the outbox message (u, o, c), or -1 for a confirmation
     * @param subject  the clicked URL (c) or the customer id (k); empty otherwise
     */
    public record Parsed(Kind kind, long outboxId, String subject) {
    }

    private final byte[] secret;
    /**
     * One keyed Mac per thread: looking the algorithm up and keying it for every token (three or four per email)
     * was a visible part of the dispatcher's time (ADR 0033). A Mac is not thread-safe, hence per thread.
     */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public TrackingTokens(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the tracking secret must be at least 16 bytes");
        }
        this.secret = secret.clone();
    }

    /**
     * The configured secret ({@code herald.tracking.secret}) or, when none, one generated once and kept in the
     * {@code herald_setting} table so that links in sent emails stay valid across restarts and nodes.
     */
    public static TrackingTokens fromConfigOrDatabase(String configured, Transactions transactions) {
        if (configured != null && !configured.isBlank()) {
            byte[] bytes = configured.strip().getBytes(StandardCharsets.UTF_8);
            if (bytes.length < 16) {
                throw new IllegalArgumentException("herald.tracking.secret must be at least 16 characters");
            }
            return new TrackingTokens(bytes);
        }
        return new TrackingTokens(Base64.getDecoder().decode(storedSecret(transactions)));
    }

    private static String storedSecret(Transactions transactions) {
        Optional<String> stored = readSetting(transactions);
        if (stored.isPresent()) {
            return stored.get();
        }
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        String encoded = Base64.getEncoder().encodeToString(fresh);
        try {
            transactions.inTransaction(em -> em.createNativeQuery("insert into herald_setting (name, setting_value, created_at)"
                            + " values (?1, ?2, ?3)").setParameter(1, SECRET_SETTING).setParameter(2, encoded)
                    .setParameter(3, Instant.now()).executeUpdate());
            return encoded;
        } catch (RuntimeException anotherNodeWasFirst) {
            return readSetting(transactions).orElseThrow(() -> anotherNodeWasFirst);
        }
    }

    private static Optional<String> readSetting(Transactions transactions) {
        return transactions.inTransaction(em -> {
            @SuppressWarnings("unchecked")
            List<Object> rows = em.createNativeQuery("select setting_value from herald_setting where name = ?1")
                    .setParameter(1, SECRET_SETTING).getResultList();
            return rows.stream().findFirst().map(Object::toString);
        });
    }

    public String unsubscribe(long outboxId) {
        return sign(Kind.UNSUBSCRIBE.code + ":" + outboxId);
    }

    public String open(long outboxId) {
        return sign(Kind.OPEN.code + ":" + outboxId);
    }

    public String click(long outboxId, String url) {
        return sign(Kind.CLICK.code + ":" + outboxId + ":" + url);
    }

    public String confirm(String customerId) {
        return sign(Kind.CONFIRM.code + ":-1:" + customerId);
    }

    /** The token's content when its signature holds and it is of the expected kind; empty otherwise. */
    public Optional<Parsed> verify(String token, Kind expected) {
        if (token == null || token.length() > 4096) {
            return Optional.empty();
        }
        int dot = token.lastIndexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        byte[] payload;
        byte[] tag;
        try {
            payload = B64D.decode(token.substring(0, dot));
            tag = B64D.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(tag, tag(payload))) {
            return Optional.empty();
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        String[] parts = text.split(":", 3);
        if (parts.length < 2 || !parts[0].equals(expected.code)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Parsed(expected, Long.parseLong(parts[1]), parts.length == 3 ? parts[2] : ""));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private String sign(String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return B64.encodeToString(bytes) + "." + B64.encodeToString(tag(bytes));
    }

    private byte[] tag(byte[] payload) {
        return Arrays.copyOf(macs.get().doFinal(payload), TAG_BYTES); // doFinal resets the Mac for the next use
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
