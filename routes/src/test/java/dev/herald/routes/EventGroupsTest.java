package dev.herald.routes;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Producers group event messages by the customer id in the event. */
class EventGroupsTest {

    @Test
    void readsTheTopLevelCustomerIdEvenAfterNestedObjects() {
        assertThat(EventGroups.customerIdOf(bytes("""
                {"eventId":"e1","traits":{"customerId":"nested"},"items":[{"customerId":"x"}],"customerId":"C-1"}""")))
                .contains("C-1");
        assertThat(EventGroups.customerIdOf(bytes("{\"customerId\":\"anon:v9\",\"type\":\"page_viewed\"}")))
                .contains("anon:v9");
    }

    @Test
    void givesNoGroupForBodiesWithoutAReadableCustomerId() {
        assertThat(EventGroups.customerIdOf(bytes("{\"customerId\":42}"))).isEmpty();
        assertThat(EventGroups.customerIdOf(bytes("{\"customerId\":\"  \"}"))).isEmpty();
        assertThat(EventGroups.customerIdOf(bytes("{\"eventId\":\"e1\"}"))).isEmpty();
        assertThat(EventGroups.customerIdOf(bytes("[{\"customerId\":\"C-1\"}]"))).isEmpty();
        assertThat(EventGroups.customerIdOf(bytes("{\"customerId\":"))).isEmpty();
        assertThat(EventGroups.customerIdOf(new byte[0])).isEmpty();
    }

    @Test
    void setsTheJmsGroupHeaderOnACamelMessage() {
        DefaultMessage message = new DefaultMessage(new DefaultCamelContext());
        message.setBody(bytes("{\"customerId\":\"C-7\"}"));

        EventGroups.setGroupFromBody(message);

        assertThat(message.getHeader(Headers.JMS_GROUP_ID)).isEqualTo("C-7");
        assertThatThrownBy(() -> EventGroups.groupOf(" ")).isInstanceOf(IllegalArgumentException.class);
        DefaultMessage anonymous = new DefaultMessage(new DefaultCamelContext());
        EventGroups.setGroup(anonymous, "");
        assertThat(anonymous.getHeader(Headers.JMS_GROUP_ID)).as("no customer id, no group").isNull();
        EventGroups.setGroup(anonymous, "anon:v1");
        assertThat(anonymous.getHeader(Headers.JMS_GROUP_ID)).isEqualTo("anon:v1");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
