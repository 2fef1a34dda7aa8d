package org.telemetrybridge.session;

import org.telemetrybridge.session.port.Delivery;

/** An acknowledgement that counts how the core settled its message. */
final class RecordingAck implements Delivery.Acknowledgement {

    int acknowledged;
    int released;

    static Delivery delivery(String topic, String payload, int qos, String messageId, RecordingAck ack) {
        return new Delivery(topic, payload.getBytes(), qos, false, messageId, false, ack);
    }

    @Override
    public void acknowledge() {
        acknowledged++;
    }

    @Override
    public void release() {
        released++;
    }
}
