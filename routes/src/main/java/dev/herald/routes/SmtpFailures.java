package dev.herald.routes;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/** Reads an SMTP reply code out of a send failure, to tell permanent refusals from transient trouble. */
final class SmtpFailures {

    private SmtpFailures() {
    }

    /** The SMTP reply code found in the cause chain, or -1 when the failure carries none. */
    static int replyCode(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SMTPSendFailedException e) {
                return e.getReturnCode();
            }
            if (t instanceof SMTPAddressFailedException e) {
                return e.getReturnCode();
            }
            if (t instanceof SMTPSenderFailedException e) {
                return e.getReturnCode();
            }
            if (t instanceof jakarta.mail.MessagingException me && me.getNextException() != null
                    && me.getNextException() != t.getCause()) {
                int nested = replyCode(me.getNextException());
                if (nested > 0) {
                    return nested;
                }
            }
        }
        return -1;
    }

    static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.strip();
    }
}
