package org.telemetrybridge.mqsc;

import java.util.List;

/** A script as read: its commands in order, and the problems found in it. */
public record MqscScript(String file, List<MqscCommand> commands, List<MqscProblem> problems) {

    public MqscScript {
        commands = List.copyOf(commands);
        problems = List.copyOf(problems);
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(MqscProblem::isError);
    }
}
