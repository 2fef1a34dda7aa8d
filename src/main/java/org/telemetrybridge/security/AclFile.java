package org.telemetrybridge.security;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.telemetrybridge.topic.TopicFilter;

/**
 * An ACL file in Mosquitto's {@code acl_file} format, plus sections per client identifier:
 * <pre>
 * # comment
 * topic [read|write|readwrite|deny] &lt;filter&gt;     before any user/clientid line: anonymous clients
 * user &lt;name&gt;                                       following topic lines: that user
 * clientid &lt;glob&gt;                                   following topic lines: clients whose id matches (* and ?)
 * pattern [read|write|readwrite|deny] &lt;filter&gt;   every client, with %u (user) and %c (client id) levels
 * </pre>
 * The access word may be left out (read and write). The filter is the rest of the line, so it may
 * hold spaces. A certificate's identity is a user name on listeners that take it as one, so {@code user}
 * sections apply to it.
 */
public final class AclFile {

    /** What a rule grants, or that it denies. */
    enum Access {
        READ, WRITE, READWRITE, DENY;

        boolean reads() {
            return this == READ || this == READWRITE;
        }

        boolean writes() {
            return this == WRITE || this == READWRITE;
        }
    }

    record Rule(Access access, String filter) {
    }

    /** The rules of a client-identifier section. */
    record ClientIdSection(String glob, Pattern pattern, List<Rule> rules) {
    }

    private final List<Rule> anonymous;
    private final Map<String, List<Rule>> users;
    private final List<ClientIdSection> clientIds;
    private final List<Rule> patterns;

    private AclFile(List<Rule> anonymous, Map<String, List<Rule>> users, List<ClientIdSection> clientIds,
                    List<Rule> patterns) {
        this.anonymous = anonymous;
        this.users = users;
        this.clientIds = clientIds;
        this.patterns = patterns;
    }

    public static AclFile read(Path file) throws SecurityFileException {
        return parse(SecurityFiles.lines(file));
    }

    static AclFile parse(List<String> lines) throws SecurityFileException {
        List<Rule> anonymous = new ArrayList<>();
        Map<String, List<Rule>> users = new LinkedHashMap<>();
        List<ClientIdSection> clientIds = new ArrayList<>();
        List<Rule> patterns = new ArrayList<>();
        List<Rule> section = anonymous;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+", 2);
            String rest = words.length > 1 ? words[1] : "";
            switch (words[0]) {
                case "user" -> {
                    if (rest.isEmpty()) {
                        throw new SecurityFileException(i + 1, "'user' needs a user name");
                    }
                    section = users.computeIfAbsent(rest, user -> new ArrayList<>());
                }
                case "clientid" -> {
                    if (rest.isEmpty()) {
                        throw new SecurityFileException(i + 1, "'clientid' needs a client identifier or pattern");
                    }
                    section = new ArrayList<>();
                    clientIds.add(new ClientIdSection(rest, glob(rest), section));
                }
                case "topic" -> section.add(rule(rest, i + 1, false));
                case "pattern" -> patterns.add(rule(rest, i + 1, true));
                default -> throw new SecurityFileException(i + 1, "unknown keyword '" + words[0]
                        + "' (expected topic, user, pattern, clientid or a # comment)");
            }
        }
        Map<String, List<Rule>> frozenUsers = new LinkedHashMap<>();
        users.forEach((user, rules) -> frozenUsers.put(user, List.copyOf(rules)));
        return new AclFile(List.copyOf(anonymous), Map.copyOf(frozenUsers),
                clientIds.stream().map(s -> new ClientIdSection(s.glob(), s.pattern(), List.copyOf(s.rules()))).toList(),
                List.copyOf(patterns));
    }

    private static Rule rule(String text, int line, boolean pattern) throws SecurityFileException {
        String[] words = text.split("\\s+", 2);
        Access access = switch (words[0]) {
            case "read" -> Access.READ;
            case "write" -> Access.WRITE;
            case "readwrite" -> Access.READWRITE;
            case "deny" -> Access.DENY;
            default -> null;
        };
        String filter = access == null ? text : words.length > 1 ? words[1] : "";
        if (filter.isEmpty()) {
            throw new SecurityFileException(line, "a rule needs a topic filter");
        }
        String problem = TopicFilter.violation(pattern ? filter.replace("%u", "u").replace("%c", "c") : filter);
        if (problem != null) {
            throw new SecurityFileException(line, "'" + filter + "' is not a topic filter: " + problem);
        }
        return new Rule(access == null ? Access.READWRITE : access, filter);
    }

    /** A client-identifier glob as a pattern: {@code *} any characters, {@code ?} one, the rest literally. */
    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /**
     * The rules that apply to one client, with its patterns' {@code %u}/{@code %c} filled in: those of
     * its user (or the anonymous rules), of every client-identifier section its id matches, and the
     * patterns. A pattern is left out where its value is missing (no user for {@code %u}) or could widen
     * it (a value holding {@code /}, {@code +} or {@code #}), and where {@code %u}/{@code %c} is not a
     * level of its own (Mosquitto substitutes only whole levels).
     */
    ClientAcl forClient(String clientId, String user) {
        List<Rule> rules = new ArrayList<>(user == null ? anonymous : users.getOrDefault(user, List.of()));
        for (ClientIdSection section : clientIds) {
            if (section.pattern().matcher(clientId).matches()) {
                rules.addAll(section.rules());
            }
        }
        for (Rule pattern : patterns) {
            String filter = substituted(pattern.filter(), clientId, user);
            if (filter != null) {
                rules.add(new Rule(pattern.access(), filter));
            }
        }
        return new ClientAcl(rules);
    }

    private static String substituted(String filter, String clientId, String user) {
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String value = switch (levels[i]) {
                case "%u" -> user;
                case "%c" -> clientId;
                default -> levels[i];
            };
            if (value == null || value.isEmpty() && !levels[i].isEmpty()
                    || !value.equals(levels[i]) && value.matches(".*[/+#\\x00].*")) {
                return null;
            }
            levels[i] = value;
        }
        return String.join("/", levels);
    }

    int ruleCount() {
        return anonymous.size() + patterns.size() + users.values().stream().mapToInt(List::size).sum()
                + clientIds.stream().mapToInt(s -> s.rules().size()).sum();
    }

    String summary() {
        return ruleCount() + " rules: " + anonymous.size() + " for anonymous clients, " + users.size() + " users, "
                + clientIds.size() + " client id sections, " + patterns.size() + " patterns";
    }
}
