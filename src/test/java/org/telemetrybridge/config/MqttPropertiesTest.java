package org.telemetrybridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import com.sun.management.UnixOperatingSystemMXBean;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The limits of bridge.mqtt.* that are derived from the process when not set. */
class MqttPropertiesTest {

    private static MqttProperties properties(int maxConnections, DataSize partialPacketMemory) {
        return new MqttProperties("", 1883, DataSize.ofMegabytes(4), Duration.ofSeconds(10), 0, 4096,
                maxConnections, Duration.ZERO, partialPacketMemory, Duration.ofSeconds(60), 1000, 10, 0);
    }

    @Test
    void derivedMaxConnectionsLeavesAQuarterOfTheOpenFileLimitAndAtLeast2000Files() {
        long files = ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getMaxFileDescriptorCount();
        int limit = properties(0, DataSize.ofBytes(0)).connectionLimit();

        assertThat((long) limit).isLessThanOrEqualTo(files - Math.max(2_000, files / 4)).isPositive();
        assertThat(properties(123, DataSize.ofBytes(0)).connectionLimit()).isEqualTo(123);
    }

    @Test
    void derivedPartialPacketBudgetIsAtMost256MbAndAtLeastOnePacket() {
        long budget = properties(0, DataSize.ofBytes(0)).partialPacketBudget();

        assertThat(budget).isBetween(DataSize.ofMegabytes(4).toBytes(), DataSize.ofMegabytes(256).toBytes());
        assertThat(properties(0, DataSize.ofMegabytes(8)).partialPacketBudget())
                .isEqualTo(DataSize.ofMegabytes(8).toBytes());
    }
}
