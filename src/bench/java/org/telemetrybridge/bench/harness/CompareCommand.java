package org.telemetrybridge.bench.harness;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

@Command(name = "compare", mixinStandardHelpOptions = true, description = "(being written)")
public final class CompareCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 1;
    }
}
