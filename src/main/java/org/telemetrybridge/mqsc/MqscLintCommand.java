package org.telemetrybridge.mqsc;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mqsc lint FILE…}: reads MQSC scripts as the bridge does and prints every problem as
 * {@code file:line: error|warning: message}, without a queue manager. The exit code is 1 if any
 * script has an error (or cannot be read), so it can guard a CI step before runmqsc.
 */
@Command(name = "lint", mixinStandardHelpOptions = true,
        description = {"Check MQSC scripts without a queue manager: syntax (comments, + and - continuations,"
                + " quotes, parentheses), command and object names, required keywords, object names,",
                "and likely mistakes such as misspelt attributes or DEFINE without REPLACE.",
                "Exit code: 0 no errors (warnings allowed), 1 errors found."})
public final class MqscLintCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE",
            description = "MQSC scripts; a directory stands for its *.mqsc files, in name order.")
    private List<Path> files;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int scripts = 0;
        int commands = 0;
        int errors = 0;
        int warnings = 0;
        for (Path path : files) {
            boolean directory = Files.isDirectory(path);
            List<MqscScript> read;
            try {
                read = read(path, directory);
            } catch (IOException e) {
                out.println(path + ": error: cannot be read: " + e);
                errors++;
                continue;
            }
            for (MqscScript script : read) {
                scripts++;
                commands += script.commands().size();
                for (MqscProblem problem : script.problems()) {
                    // Name the file as the administrator gave it, so editors can jump to it.
                    Path file = directory ? path.resolve(script.file()) : path;
                    out.println(file + ":" + problem.location().line() + ": " + problem.describe());
                    if (problem.isError()) {
                        errors++;
                    } else {
                        warnings++;
                    }
                }
            }
        }
        out.println(scripts + " scripts, " + commands + " commands: " + errors + " errors, " + warnings + " warnings");
        out.flush();
        return errors > 0 ? 1 : 0;
    }

    private static List<MqscScript> read(Path path, boolean directory) throws IOException {
        return directory ? MqscReader.readDirectory(path) : List.of(MqscReader.read(path));
    }
}
