package org.telemetrybridge;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import org.telemetrybridge.mqsc.MqscCommandGroup;
import org.telemetrybridge.admin.ClientsCommand;
import org.telemetrybridge.admin.DoctorCommand;

/**
 * The administrator's commands of the bridge's jar, run instead of the service:
 * {@code java -jar telemetry-bridge.jar <command> ...}. Each command is a picocli class registered in
 * {@link #COMMANDS}; without a command name the jar runs the service.
 */
@Command(name = "telemetry-bridge", mixinStandardHelpOptions = true, versionProvider = BridgeVersion.class,
        description = "Telemetry Bridge administration commands. Without a command, the bridge service runs.")
public final class BridgeCommands implements Runnable {

    /** The subcommands, each made anew for a command line. Add new administrator commands here. */
    private static final List<Supplier<Object>> COMMANDS = List.of(MqscCommandGroup::new, DoctorCommand::new,
            ClientsCommand::new);

    private BridgeCommands() {
    }

    /** Whether the first argument names a command (or asks for help) rather than a service option. */
    static boolean isCommand(String[] args) {
        if (args.length == 0) {
            return false;
        }
        if (Set.of("help", "--help", "-h", "--version", "-V").contains(args[0])) {
            return true;
        }
        return commandLine().getSubcommands().containsKey(args[0]);
    }

    static int run(String[] args) {
        return commandLine().execute(args);
    }

    private static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new BridgeCommands());
        COMMANDS.forEach(command -> commandLine.addSubcommand(command.get()));
        commandLine.addSubcommand("help", new CommandLine.HelpCommand());
        return commandLine;
    }

    @Override
    public void run() {
        commandLine().usage(System.out);
    }
}
