package dev.herald.routes.batch;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

import java.util.concurrent.TimeUnit;

/** A queue consumed in batches; see {@link BatchJmsConsumer}. Consume only: send with the {@code jms} component. */
public class BatchJmsEndpoint extends DefaultEndpoint {

    private final String queue;
    private final int batchSize;
    private final int concurrentConsumers;
    private final long receiveTimeoutMillis;
    private final long reconnectDelayMillis;
    private final long confirmIntervalMillis;

    BatchJmsEndpoint(String uri, BatchJmsComponent component, String queue, int batchSize, int concurrentConsumers,
                     long receiveTimeoutMillis, long reconnectDelayMillis, long confirmIntervalMillis) {
        super(uri, component);
        this.queue = queue;
        this.batchSize = batchSize;
        this.concurrentConsumers = concurrentConsumers;
        this.receiveTimeoutMillis = receiveTimeoutMillis;
        this.reconnectDelayMillis = reconnectDelayMillis;
        this.confirmIntervalMillis = confirmIntervalMillis;
    }

    @Override
    public BatchJmsComponent getComponent() {
        return (BatchJmsComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException(BatchJmsComponent.SCHEME + " only consumes; send with jms:");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        BatchJmsConsumer consumer = new BatchJmsConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public boolean isRemote() {
        return true;
    }

    public String queue() {
        return queue;
    }

    public int batchSize() {
        return batchSize;
    }

    public int concurrentConsumers() {
        return concurrentConsumers;
    }

    long receiveTimeoutMillis() {
        return receiveTimeoutMillis;
    }

    long reconnectDelayMillis() {
        return reconnectDelayMillis;
    }

    /** How long a consumer may commit without waiting for the broker before a batch's commit waits (ADR 0045). */
    long confirmIntervalNanos() {
        return TimeUnit.MILLISECONDS.toNanos(confirmIntervalMillis);
    }
}
