package org.telemetrybridge.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import org.telemetrybridge.bench.harness.CompareCommand;

/**
 * The load generator and benchmark harness of Telemetry Bridge. {@code run} loads one server that is
 * already running; {@code compare} starts the bridge and the reference brokers one after the other
 * and prints the figures side by side. See docs/performance.md.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        subcommands = {RunCommand.class, CompareCommand.class},
        description = "Load generator for MQTT and JMS, loopback only (127.0.0.0/8).")
public final class Bench {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }
}
