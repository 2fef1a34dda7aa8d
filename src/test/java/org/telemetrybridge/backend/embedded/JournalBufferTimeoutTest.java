package org.telemetrybridge.backend.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.telemetrybridge.config.EmbeddedBackendProperties;
import org.telemetrybridge.mqsc.MqscScripts;

/** bridge.embedded.journal-buffer-timeout reaches the broker's journal, 500 µs unless set, within bounds. */
class JournalBufferTimeoutTest {

    @TempDir
    Path data;

    @Test
    void theDefaultIsArtemisAsyncIoFigure() {
        assertThat(journalTimeoutNanos(new EmbeddedSettings(data, "127.0.0.1", -1))).isEqualTo(500_000);
    }

    @Test
    void aSetTimeoutReachesTheJournal() {
        assertThat(journalTimeoutNanos(new EmbeddedSettings(data, "127.0.0.1", -1, MqscScripts.none(),
                JmsCredentials.internal("app"), Duration.ofMillis(2)))).isEqualTo(2_000_000);
    }

    @Test
    void aTimeoutOutsideOneMicrosecondToOneSecondIsRefused() {
        for (Duration wrong : new Duration[] {Duration.ZERO, Duration.ofNanos(999), Duration.ofSeconds(2)}) {
            assertThatThrownBy(() -> new EmbeddedBackendProperties(data, "127.0.0.1", -1, null, "app", "", wrong))
                    .hasMessageContaining("TBR0394E").hasMessageContaining("bridge.embedded.journal-buffer-timeout");
        }
    }

    /** The journal buffer timeout of a broker started with these settings. */
    private static int journalTimeoutNanos(EmbeddedSettings settings) {
        EmbeddedBroker broker = new EmbeddedBroker(settings);
        broker.start();
        try {
            return broker.server().getConfiguration().getJournalBufferTimeout_NIO();
        } finally {
            broker.stop();
        }
    }
}
