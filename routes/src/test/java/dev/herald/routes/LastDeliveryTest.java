package dev.herald.routes;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The ingest route parks an event itself only on the broker's last delivery, read from JMSXDeliveryCount. */
class LastDeliveryTest {

    private static Exchange delivery(Object count) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        if (count != null) {
            exchange.getMessage().setHeader(HeraldErrorHandling.DELIVERY_COUNT, count);
        }
        return exchange;
    }

    @Test
    void lastDeliveryIsTheConfiguredAttemptOrLater() {
        assertThat(HeraldErrorHandling.isLastDelivery(delivery(RouteSettings.MAX_DELIVERY_ATTEMPTS))).isTrue();
        assertThat(HeraldErrorHandling.isLastDelivery(delivery(RouteSettings.MAX_DELIVERY_ATTEMPTS + 1))).isTrue();
        assertThat(HeraldErrorHandling.isLastDelivery(delivery(String.valueOf(RouteSettings.MAX_DELIVERY_ATTEMPTS))))
                .isTrue();
    }

    @Test
    void earlierDeliveriesAreLeftToTheBrokerToRedeliver() {
        assertThat(HeraldErrorHandling.isLastDelivery(delivery(1))).isFalse();
        assertThat(HeraldErrorHandling.isLastDelivery(delivery(RouteSettings.MAX_DELIVERY_ATTEMPTS - 1))).isFalse();
    }

    @Test
    void withoutADeliveryCountTheBrokersOwnDeadLetteringDecides() {
        assertThat(HeraldErrorHandling.isLastDelivery(delivery(null))).isFalse();
        assertThat(HeraldErrorHandling.isLastDelivery(delivery("not a number"))).isFalse();
    }
}
