package org.telemetrybridge.bench.load;

import picocli.CommandLine.Option;

/** How hard and how long to drive a scenario. Every run is bounded in time and in messages. */
public final class LoadOptions {

    /** Hard limits: no option can make a run unbounded. */
    public static final int MAX_SECONDS = 600;
    public static final int MAX_CONNECTIONS = 19_500;

    @Option(names = "--qos", description = "MQTT QoS 0, 1 or 2; on JMS the persistence (0: non-persistent). Default ${DEFAULT-VALUE}.")
    public int qos = 1;

    @Option(names = "--payload", description = "payload size in bytes (at least 20). Default ${DEFAULT-VALUE}.")
    public int payloadBytes = 256;

    @Option(names = "--rate", description = "messages/s over all publishers; 0 = as fast as the window allows. Default ${DEFAULT-VALUE}.")
    public int rate = 0;

    @Option(names = "--window", description = "deliveries sent but not yet received, at most. Default ${DEFAULT-VALUE}.")
    public int window = 1000;

    @Option(names = "--warmup", description = "seconds of load before measuring. Default ${DEFAULT-VALUE}.")
    public int warmupSeconds = 5;

    @Option(names = "--duration", description = "seconds measured. Default ${DEFAULT-VALUE}.")
    public int durationSeconds = 20;

    @Option(names = "--drain", description = "seconds to wait for messages still on their way after sending stops. Default ${DEFAULT-VALUE}.")
    public int drainSeconds = 10;

    @Option(names = "--setup-timeout", description = "seconds to connect and subscribe all clients before a run. Default ${DEFAULT-VALUE}.")
    public int setupSeconds = 600;

    @Option(names = "--max-messages", description = "messages sent in one run, at most. Default ${DEFAULT-VALUE}.")
    public long maxMessages = 5_000_000;

    @Option(names = "--publishers", description = "publishers (fan-in, pairs, device-to-jms). Default ${DEFAULT-VALUE}.")
    public int publishers = 10;

    @Option(names = "--subscribers", description = "subscribers (fan-out, jms-to-devices). Default ${DEFAULT-VALUE}.")
    public int subscribers = 10;

    @Option(names = "--jms-producers", description = "JMS producers, each on its own thread. Default ${DEFAULT-VALUE}.")
    public int jmsProducers = 2;

    @Option(names = "--targets", description = "target clients of transmit-queue (1, 100, 10000). Default ${DEFAULT-VALUE}.")
    public int targets = 100;

    @Option(names = "--connections", description = "idle connections. Default ${DEFAULT-VALUE}.")
    public int connections = 1000;

    @Option(names = "--connecting", description = "clients connecting at once in the connect scenario. Default ${DEFAULT-VALUE}.")
    public int connecting = 20;

    @Option(names = "--keep-alive", description = "MQTT keep-alive seconds of every client. Default ${DEFAULT-VALUE}.")
    public int keepAliveSeconds = 60;

    @Option(names = "--mqtt-version", description = "MQTT protocol of the clients: 3.1.1 or 5. Default ${DEFAULT-VALUE}.")
    public String mqttVersion = "3.1.1";

    @Option(names = "--persistent-sessions", description = "devices connect with clean session off (MQTT 5: session expiry for ever), "
            + "so a broker keeps their messages while they are away, as SYSTEM.MQTT.TRANSMIT.QUEUE does; subscribed-devices always does.")
    public boolean persistentSessions;

    @Option(names = "--connections-per-address", description = "client connections per loopback source address (127.0.0.2, .3, ...), below the ephemeral port range. Default ${DEFAULT-VALUE}.")
    public int connectionsPerAddress = 10_000;

    /** Rejects settings that would make a run unbounded or meaningless. */
    public void validate() {
        check(qos >= 0 && qos <= 2, "--qos must be 0, 1 or 2");
        check(payloadBytes >= Payload.HEADER_BYTES && payloadBytes <= 1024 * 1024, "--payload must be 20..1048576");
        check(rate >= 0, "--rate must be >= 0");
        check(window >= 1 && window <= 1_000_000, "--window must be 1..1000000");
        check(warmupSeconds >= 0 && durationSeconds >= 1 && drainSeconds >= 0
                && warmupSeconds + durationSeconds + drainSeconds <= MAX_SECONDS,
                "warm-up + duration + drain must be at most " + MAX_SECONDS + " s");
        check(setupSeconds >= 1 && setupSeconds <= 1800, "--setup-timeout must be 1..1800");
        check(maxMessages >= 1 && maxMessages <= Integer.MAX_VALUE, "--max-messages must be 1.." + Integer.MAX_VALUE);
        check(publishers >= 1 && publishers <= 10_000, "--publishers must be 1..10000");
        check(subscribers >= 1 && subscribers <= 10_000, "--subscribers must be 1..10000");
        check(jmsProducers >= 1 && jmsProducers <= 64, "--jms-producers must be 1..64");
        check(targets >= 1 && targets <= 10_000, "--targets must be 1..10000");
        check(connections >= 1 && connections <= MAX_CONNECTIONS, "--connections must be 1.." + MAX_CONNECTIONS);
        check(connecting >= 1 && connecting <= 1000, "--connecting must be 1..1000");
        check(keepAliveSeconds >= 1 && keepAliveSeconds <= 65_535, "--keep-alive must be 1..65535");
        check(mqttVersion.equals("3.1.1") || mqttVersion.equals("5"), "--mqtt-version must be 3.1.1 or 5");
        check(connectionsPerAddress >= 1 && connectionsPerAddress <= 25_000, "--connections-per-address must be 1..25000");
    }

    /** Whether the clients speak MQTT 5. */
    public boolean mqtt5() {
        return mqttVersion.equals("5");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
