package dev.herald.routes.batch;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import java.nio.charset.StandardCharsets;

/**
 * One message of a batch as the route sees it: its body as bytes (a text message's text in UTF-8), the broker's
 * delivery count, and the JMS message itself, which {@link BatchTransaction#forward} copies.
 *
 * @param body          the payload, or {@code null} when the message carries neither text nor bytes
 * @param deliveryCount {@code JMSXDeliveryCount}: 1 on the first delivery
 */
public record BatchJmsMessage(byte[] body, int deliveryCount, Message jmsMessage) {

    /** The JMS property with the broker's delivery count of the message (1 on the first delivery). */
    public static final String DELIVERY_COUNT = "JMSXDeliveryCount";

    static BatchJmsMessage of(Message message) throws JMSException {
        byte[] body = null;
        if (message instanceof TextMessage text) {
            body = text.getText() == null ? null : text.getText().getBytes(StandardCharsets.UTF_8);
        } else if (message instanceof BytesMessage bytes) {
            body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
        }
        int count = message.propertyExists(DELIVERY_COUNT) ? message.getIntProperty(DELIVERY_COUNT) : 1;
        return new BatchJmsMessage(body, count, message);
    }

    /** True on the broker's last allowed delivery of the message ({@code maxDeliveries}, counting from 1). */
    public boolean isLastDelivery(int maxDeliveries) {
        return deliveryCount >= maxDeliveries;
    }

    /** The message's JMS id, for logs. */
    public String messageId() {
        try {
            return jmsMessage.getJMSMessageID();
        } catch (JMSException e) {
            return "(unknown)";
        }
    }
}
