package org.telemetrybridge.mqsc;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the lines of a script into whole commands, by runmqsc's input rules: a line with {@code *} in
 * the first position is a comment, blank lines are ignored, a last non-blank {@code +} continues the
 * command from the first non-blank character of the next line, a {@code -} from the start of the next
 * line (both also inside quoted strings), comments and blank lines between continued lines are
 * dropped, and a last {@code ;} ends the command.
 */
final class MqscLines {

    /** runmqsc's limit on one line of an input file (Multiplatforms). */
    static final int MAX_LINE_LENGTH = 2048;

    /** A command's text reassembled from its lines. */
    record Joined(MqscLocation location, String text) {
    }

    private MqscLines() {
    }

    static List<Joined> join(String file, String script, List<MqscProblem> problems) {
        List<Joined> commands = new ArrayList<>();
        StringBuilder text = null;
        int start = 0;
        char continuation = 0;
        String[] lines = script.split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNumber = i + 1;
            String line = lines[i];
            if (line.isBlank() || line.startsWith("*")) {
                continue;
            }
            if (line.length() > MAX_LINE_LENGTH) {
                problems.add(new MqscProblem(MqscProblem.Severity.ERROR, new MqscLocation(file, lineNumber),
                        "line is " + line.length() + " characters long; runmqsc reads at most " + MAX_LINE_LENGTH));
            }
            if (text == null) {
                text = new StringBuilder();
                start = lineNumber;
            } else if (continuation == '+') {
                line = line.stripLeading();
            }
            String content = line.stripTrailing();
            char last = content.charAt(content.length() - 1);
            if (last == '+' || last == '-') {
                text.append(content, 0, content.length() - 1);
                continuation = last;
                continue;
            }
            text.append(last == ';' ? content.substring(0, content.length() - 1) : content);
            commands.add(new Joined(new MqscLocation(file, start), text.toString()));
            text = null;
            continuation = 0;
        }
        if (text != null) {
            problems.add(new MqscProblem(MqscProblem.Severity.ERROR, new MqscLocation(file, start),
                    "the command is continued with '" + continuation + "' but the file ends"));
            commands.add(new Joined(new MqscLocation(file, start), text.toString()));
        }
        return commands;
    }
}
