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
        if (BridgeCommands.isCommand(args)) {
            System.exit(BridgeCommands.run(args));
        }
        SpringApplication.run(TelemetryBridgeApplication.class, args);
    }
}
