package org.telemetrybridge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Telemetry Bridge: MQTT devices and IBM MQ applications exchanging messages. */
@SpringBootApplication
public class TelemetryBridgeApplication {

    public static void main(String[] args) {
        SpringApplication.run(TelemetryBridgeApplication.class, args);
    }
}
