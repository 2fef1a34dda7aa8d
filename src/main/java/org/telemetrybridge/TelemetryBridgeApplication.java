package org.telemetrybridge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Telemetry Bridge: MQTT devices and IBM MQ applications exchanging messages. Runs the service, or
 * one of the administrator commands of {@link BridgeCommands} when the first argument names one.
 */
@SpringBootApplication
public class TelemetryBridgeApplication {

    public static void main(String[] args) {
        // On Java 25 Netty leaves sun.misc.Unsafe off by default and then cannot free the direct
        // buffers of the embedded broker's journal, which fails to load on the next start. Must be
        // set before any Netty class loads; an explicit -Dio.netty.noUnsafe wins.
        if (System.getProperty("io.netty.noUnsafe") == null) {
            System.setProperty("io.netty.noUnsafe", "false");
        }
        if (BridgeCommands.isCommand(args)) {
            System.exit(BridgeCommands.run(args));
        }
        SpringApplication.run(TelemetryBridgeApplication.class, args);
    }
}
