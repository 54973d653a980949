package dev.herald.engine.application;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A JDK Flight Recorder event per {@link CustomerClaims#claim}: its duration is how long a batch waited for other
 * batches to release its customers (ADR 0036, ADR 0043). Free unless a recording enables it.
 */
@Name(CustomerClaimEvent.NAME)
@Label("Herald customer claim")
@Category({"Herald", "Ingest"})
@Description("A batch claiming its customers' keys before its transaction; the duration is the wait")
@StackTrace(false)
final class CustomerClaimEvent extends Event {

    static final String NAME = "dev.herald.CustomerClaim";

    @Label("Keys wanted")
    int keys;

    @Label("Timed out")
    @Description("The wait ran out (or was interrupted) and the batch went ahead without a claim")
    boolean timedOut;
}
