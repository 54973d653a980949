package dev.herald.routes.ingest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Comparisons of secrets that take the same time whatever the input, so a caller cannot find a key or a
 * signature byte by byte from response times.
 */
public final class Secrets {

    private Secrets() {
    }

    /**
     * Whether {@code given} equals {@code expected}. Both are hashed first, so neither the position of the first
     * difference nor the length of the expected value shows in the time taken.
     */
    public static boolean sameSecret(String given, String expected) {
        if (given == null || expected == null || expected.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(sha256(given.getBytes(StandardCharsets.UTF_8)),
                sha256(expected.getBytes(StandardCharsets.UTF_8)));
    }

    /** HMAC-SHA256 of {@code data} under {@code secret}. */
    public static byte[] hmacSha256(String secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Whether the base64 {@code signature} is the HMAC-SHA256 of {@code data} under {@code secret}. */
    public static boolean validBase64Hmac(String secret, byte[] data, String signature) {
        if (signature == null || signature.isBlank() || secret == null || secret.isEmpty()) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(signature.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmacSha256(secret, data), given);
    }

    /**
     * The API key from an HTTP Basic {@code Authorization} header: Segment sends the key as the user name with an
     * empty password. Null when the header is absent or not Basic.
     */
    public static String basicUser(String authorization) {
        if (authorization == null || authorization.length() > 1024) {
            return null;
        }
        String value = authorization.strip();
        if (value.length() < 6 || !value.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? decoded : decoded.substring(0, colon);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
