package dev.herald.routes.console;

/**
 * What a console password must be when a person chooses one ({@code herald users add|passwd}, the EAR's first
 * admin): at least {@link #MIN_LENGTH} characters and not the user name. Length beats composition rules (NIST SP
 * 800-63B); the slow hash does the rest.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 10;

    private PasswordPolicy() {
    }

    /** Null when the password is acceptable, else why not, in a sentence. */
    public static String problem(String name, char[] password) {
        if (password == null || password.length < MIN_LENGTH) {
            return "the password must have at least " + MIN_LENGTH + " characters";
        }
        if (name != null && new String(password).equalsIgnoreCase(name)) {
            return "the password must not be the user name";
        }
        return null;
    }
}
