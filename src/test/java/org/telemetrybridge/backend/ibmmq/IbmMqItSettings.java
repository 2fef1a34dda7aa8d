package org.telemetrybridge.backend.ibmmq;

import java.time.Duration;

/**
 * The queue manager the opt-in {@code -Pibmmq-it} tests reach, from the environment (docs/ibmmq.md):
 * {@code IBM_MQ_QUEUEMANAGER}, {@code IBM_MQ_CONNNAME}, {@code IBM_MQ_CHANNEL}, {@code IBM_MQ_USER},
 * {@code IBM_MQ_PASSWORD}, with the developer image's defaults.
 */
final class IbmMqItSettings {

    private IbmMqItSettings() {
    }

    static IbmMqSettings fromEnvironment(Duration retainedWait, PublicationForm form, DeviceIdentity identity) {
        return new IbmMqSettings(env("IBM_MQ_QUEUEMANAGER", "QM1"), env("IBM_MQ_CONNNAME", "localhost(1414)"),
                env("IBM_MQ_CHANNEL", "DEV.APP.SVRCONN"), env("IBM_MQ_USER", ""), env("IBM_MQ_PASSWORD", ""), "", "",
                "", null, "", null, "", "TelemetryBridgeIT", 1000, retainedWait, null, form, identity);
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }
}
