package org.telemetrybridge.mqsc;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mqsc}: the administrator's commands for MQSC scripts. */
@Command(name = "mqsc", mixinStandardHelpOptions = true, subcommands = MqscLintCommand.class,
        description = "Work with MQSC scripts such as those in the project's mqsc/ directory.")
public final class MqscCommandGroup implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
