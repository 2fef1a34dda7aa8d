package org.telemetrybridge.mqsc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads MQSC scripts: the runmqsc input rules (comments, {@code +}/{@code -} continuations, quoted
 * values with doubled quotes, keywords with parenthesised values) and enough of the command grammar
 * to catch typos in DEFINE, ALTER, SET and DELETE commands. It never stops at the first problem: each
 * command is read on its own, so one run reports every problem with its file and line.
 */
public final class MqscReader {

    private MqscReader() {
    }

    /** Reads one script file; the file's name (not its path) names it in problems. */
    public static MqscScript read(Path file) throws IOException {
        return read(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /** The {@code *.mqsc} files of a directory (not its subdirectories), in name order: the order applied. */
    public static List<MqscScript> readDirectory(Path directory) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(path -> path.getFileName().toString().endsWith(".mqsc") && Files.isRegularFile(path))
                    .sorted().toList();
        }
        List<MqscScript> scripts = new ArrayList<>();
        for (Path file : files) {
            scripts.add(read(file));
        }
        return scripts;
    }

    public static MqscScript read(String file, String text) {
        List<MqscProblem> problems = new ArrayList<>();
        List<MqscCommand> commands = new ArrayList<>();
        for (MqscLines.Joined joined : MqscLines.join(file, text, problems)) {
            try {
                MqscCommand command = command(joined);
                commands.add(command);
                if (MqscGrammar.isChecked(command.verb())) {
                    MqscGrammar.check(command, (error, message) -> problems.add(new MqscProblem(
                            error ? MqscProblem.Severity.ERROR : MqscProblem.Severity.WARNING, joined.location(), message)));
                }
            } catch (MqscTokens.SyntaxException e) {
                problems.add(new MqscProblem(MqscProblem.Severity.ERROR, joined.location(), e.getMessage()));
            }
        }
        return new MqscScript(file, commands, problems);
    }

    private static MqscCommand command(MqscLines.Joined joined) throws MqscTokens.SyntaxException {
        List<MqscTokens.Parameter> words = MqscTokens.parameters(joined.text());
        MqscTokens.Parameter first = words.get(0);
        String verb = MqscGrammar.verb(first.keyword());
        if (!MqscGrammar.isVerb(verb) || first.bracketed()) {
            throw new MqscTokens.SyntaxException("'" + first.keyword() + "' is not an MQSC command; commands begin"
                    + " with DEFINE, ALTER, SET, DELETE, START, STOP, REFRESH, DISPLAY ...");
        }
        String noun = "";
        String name = "";
        int rest = 1;
        if (words.size() > 1) {
            MqscTokens.Parameter second = words.get(1);
            noun = MqscGrammar.noun(second.keyword());
            if (MqscGrammar.isChecked(verb)) {
                checkNoun(verb, second, noun);
            }
            name = second.values().isEmpty() ? "" : second.values().get(0);
            rest = 2;
        } else if (MqscGrammar.isChecked(verb)) {
            throw new MqscTokens.SyntaxException(verb + " needs an object type, one of " + sorted(MqscGrammar.nouns(verb)));
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (MqscTokens.Parameter word : words.subList(rest, words.size())) {
            if (parameters.put(word.keyword(), word.values()) != null) {
                throw new MqscTokens.SyntaxException(word.keyword() + " is given twice");
            }
        }
        return new MqscCommand(joined.location(), verb, noun, name, parameters);
    }

    private static void checkNoun(String verb, MqscTokens.Parameter word, String noun) throws MqscTokens.SyntaxException {
        if (!MqscGrammar.nouns(verb).contains(noun)) {
            throw new MqscTokens.SyntaxException("'" + word.keyword() + "' is not something " + verb + " works on; expected"
                    + " one of " + sorted(MqscGrammar.nouns(verb)));
        }
        if (MqscGrammar.isUnnamed(noun) && word.bracketed()) {
            throw new MqscTokens.SyntaxException(verb + " " + noun + " takes no name in parentheses");
        }
        if (!MqscGrammar.isUnnamed(noun) && (word.values().size() != 1 || word.values().get(0).isEmpty())) {
            throw new MqscTokens.SyntaxException(verb + " " + noun + " needs one name in parentheses, as in "
                    + noun + "('NAME')");
        }
    }

    private static String sorted(java.util.Set<String> words) {
        return String.join(", ", new java.util.TreeSet<>(words));
    }
}
