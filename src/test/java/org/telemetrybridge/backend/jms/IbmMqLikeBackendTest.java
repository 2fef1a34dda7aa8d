package org.telemetrybridge.backend.jms;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.backend.embedded.EmbeddedBroker;
import org.telemetrybridge.backend.embedded.EmbeddedSettings;
import org.telemetrybridge.config.EmbeddedBackendConfiguration;

/**
 * A JMS backend on a real embedded broker that behaves like IBM MQ where the tests need it (no last-value
 * queues): {@link IbmMqLikeDialect}. Started before each test, stopped after it.
 */
abstract class IbmMqLikeBackendTest {

    @TempDir
    Path data;

    protected EmbeddedBroker broker;
    protected JmsBackend backend;

    @BeforeEach
    void start() {
        broker = new EmbeddedBroker(new EmbeddedSettings(data, "127.0.0.1", -1));
        broker.start();
        backend = new JmsBackend(new IbmMqLikeDialect(EmbeddedBackendConfiguration.dialect(broker), 10), 1);
        backend.start();
    }

    @AfterEach
    void stop() {
        backend.stop();
        broker.stop();
    }
}
