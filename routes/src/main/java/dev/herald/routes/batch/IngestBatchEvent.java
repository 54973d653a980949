package dev.herald.routes.batch;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A JDK Flight Recorder event per batch of {@link BatchJmsConsumer}: where a batch's time went, from its messages'
 * send to its acknowledgement. Its duration runs from the moment the batch was gathered to the session's commit. It
 * costs nothing unless a recording enables it ({@code jcmd <pid> JFR.start} or {@code -XX:StartFlightRecording}), so
 * operators can ask a running Herald why events are slow (ADR 0043).
 */
@Name(IngestBatchEvent.NAME)
@Label("Herald ingest batch")
@Category({"Herald", "Ingest"})
@Description("One batch of the batching JMS consumer: its size, how long its messages waited in the broker, the"
        + " route's time (customer claims and the database transaction included) and the JMS commit's")
@StackTrace(false)
final class IngestBatchEvent extends Event {

    static final String NAME = "dev.herald.IngestBatch";

    @Label("Queue")
    String queue;

    @Label("Messages")
    int size;

    @Label("Oldest message's age")
    @Description("From the oldest message's JMSTimestamp (its send) to the moment the batch was gathered")
    @Timespan(Timespan.MILLISECONDS)
    long oldestAge;

    @Label("Newest message's age")
    @Description("From the newest message's JMSTimestamp (its send) to the moment the batch was gathered")
    @Timespan(Timespan.MILLISECONDS)
    long newestAge;

    @Label("Route time")
    @Description("The exchange: parsing, customer claims, the database transaction and its commit")
    @Timespan(Timespan.NANOSECONDS)
    long routeTime;

    @Label("Route CPU time")
    @Description("CPU time of the consumer thread in the route: the rest of the route time it waited (claims,"
            + " locks, I/O, or for a core)")
    @Timespan(Timespan.NANOSECONDS)
    long routeCpuTime;

    @Label("JMS commit time")
    @Description("The session's commit or rollback after the exchange: a synced journal write when it waited for the"
            + " broker, only the send of the commit when it did not (ADR 0045)")
    @Timespan(Timespan.NANOSECONDS)
    long jmsCommitTime;

    @Label("Committed")
    boolean committed;

    @Label("Commit confirmed")
    @Description("Whether the commit waited for the broker's answer (false: sent, confirmed by a later call)")
    boolean commitConfirmed;
}
