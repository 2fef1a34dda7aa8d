package org.telemetrybridge.config;

import java.util.List;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import org.telemetrybridge.backend.embedded.EmbeddedBroker;
import org.telemetrybridge.backend.embedded.EmbeddedDeviceSubscriptions;
import org.telemetrybridge.backend.embedded.EmbeddedDialect;
import org.telemetrybridge.backend.embedded.EmbeddedSettings;
import org.telemetrybridge.backend.embedded.JmsCredentials;
import org.telemetrybridge.backend.ibmmq.IbmFormDecoder;
import org.telemetrybridge.backend.jms.JmsBackend;
import org.telemetrybridge.backend.jms.PropertyFormDecoder;
import org.telemetrybridge.backend.jms.TransmitDecoder;

/** The default backend: the embedded stand-in queue manager in the bridge's own process. */
@Configuration(proxyBeanMethods = false)
@Conditional(BackendSelection.OnEmbedded.class)
@EnableConfigurationProperties(EmbeddedBackendProperties.class)
public class EmbeddedBackendConfiguration {

    @Bean(initMethod = "start", destroyMethod = "stop")
    EmbeddedBroker embeddedBroker(EmbeddedBackendProperties properties) {
        // Without the acceptor no application can connect: no password to keep.
        JmsCredentials jmsUser = properties.jmsPort() < 0 ? JmsCredentials.internal(properties.jmsUser())
                : JmsCredentials.resolve(properties.dataDir(), properties.jmsUser(), properties.jmsPassword());
        return new EmbeddedBroker(new EmbeddedSettings(properties.dataDir(), properties.jmsHost(),
                properties.jmsPort(), EmbeddedMqscScripts.load(properties.mqscDir()), jmsUser,
                properties.journalBufferTimeout()));
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    JmsBackend backend(EmbeddedBroker broker, JmsProperties properties, MqttProperties mqtt) {
        return new JmsBackend(dialect(broker, mqtt.maxPacketSize().toBytes()), properties.publisherThreads(), properties.reconnectBackOff(),
                properties.maxWaitingPublications());
    }

    /** Persistent sessions' subscriptions: diverts in the broker onto the transmit queue. */
    @Bean
    EmbeddedDeviceSubscriptions deviceSubscriptions(EmbeddedBroker broker) {
        return new EmbeddedDeviceSubscriptions(broker);
    }

    /**
     * The embedded broker's dialect. It takes the IBM MQ form from the transmit queue besides the
     * property form, so the IBM MQ decoding runs end to end without a queue manager.
     */
    public static EmbeddedDialect dialect(EmbeddedBroker broker, long maxMessageBytes) {
        return new EmbeddedDialect(broker, transmitDecoders(), maxMessageBytes);
    }

    /** The dialect with the default bridge.mqtt.max-packet-size. */
    public static EmbeddedDialect dialect(EmbeddedBroker broker) {
        return dialect(broker, DataSize.parse(MqttProperties.DEFAULT_MAX_PACKET_SIZE).toBytes());
    }

    /** The forms the stand-in's transmit queue carries: the IBM MQ form besides the property form. */
    static List<TransmitDecoder> transmitDecoders() {
        return List.of(new IbmFormDecoder(), new PropertyFormDecoder());
    }
}
