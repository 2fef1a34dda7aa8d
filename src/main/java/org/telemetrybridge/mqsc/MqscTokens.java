package org.telemetrybridge.mqsc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits one command's text into its parameters: a keyword, optionally followed by values in
 * parentheses. Blanks and commas separate; quoted strings keep their case and blanks, with a doubled
 * quote standing for one; unquoted keywords and values are folded to upper case, as the queue
 * manager does.
 */
final class MqscTokens {

    /** A keyword and its values; {@code bracketed} tells {@code KEY()} from a bare {@code KEY}. */
    record Parameter(String keyword, List<String> values, boolean bracketed) {
    }

    /** The command text breaks a syntax rule; the message says which. */
    static final class SyntaxException extends Exception {
        SyntaxException(String message) {
            super(message);
        }
    }

    private final String text;
    private int position;

    private MqscTokens(String text) {
        this.text = text;
    }

    static List<Parameter> parameters(String text) throws SyntaxException {
        return new MqscTokens(text).readAll();
    }

    private List<Parameter> readAll() throws SyntaxException {
        List<Parameter> parameters = new ArrayList<>();
        skipSeparators();
        while (position < text.length()) {
            Parameter parameter = readParameter();
            parameters.add(parameter);
            if (position < text.length() && text.charAt(position) == ')') {
                throw new SyntaxException("the ')' after " + parameter.keyword() + " has no '(' to close");
            }
            if (position < text.length() && !isSeparator(text.charAt(position))) {
                throw new SyntaxException("a blank must separate '" + text.substring(0, position).strip()
                        + "' from '" + text.substring(position).strip() + "'");
            }
            skipSeparators();
        }
        return parameters;
    }

    private Parameter readParameter() throws SyntaxException {
        char first = text.charAt(position);
        if (first == '\'') {
            throw new SyntaxException("a quoted string stands where a keyword is expected: "
                    + text.substring(position).strip());
        }
        if (first == '(' || first == ')') {
            throw new SyntaxException("'" + first + "' has no keyword before it: " + text.substring(position).strip());
        }
        String keyword = readUnquoted().toUpperCase(Locale.ROOT);
        int afterKeyword = position;
        skipBlanks();
        if (position < text.length() && text.charAt(position) == '(') {
            position++;
            return new Parameter(keyword, readValues(keyword), true);
        }
        position = afterKeyword;
        return new Parameter(keyword, List.of(), false);
    }

    private List<String> readValues(String keyword) throws SyntaxException {
        List<String> values = new ArrayList<>();
        while (true) {
            skipSeparators();
            if (position >= text.length()) {
                throw new SyntaxException("the '(' after " + keyword + " is not closed");
            }
            char c = text.charAt(position);
            if (c == ')') {
                position++;
                return values;
            }
            if (c == '(') {
                throw new SyntaxException("a second '(' inside the value of " + keyword + "; quote the value if it contains parentheses");
            }
            values.add(c == '\'' ? readQuoted(keyword) : readUnquoted().toUpperCase(Locale.ROOT));
        }
    }

    private String readQuoted(String keyword) throws SyntaxException {
        position++;
        StringBuilder value = new StringBuilder();
        while (position < text.length()) {
            char c = text.charAt(position++);
            if (c != '\'') {
                value.append(c);
            } else if (position < text.length() && text.charAt(position) == '\'') {
                value.append('\'');
                position++;
            } else {
                return value.toString();
            }
        }
        throw new SyntaxException("the quoted value of " + keyword + " is not closed");
    }

    private String readUnquoted() {
        int start = position;
        while (position < text.length() && !isSeparator(text.charAt(position)) && "()'".indexOf(text.charAt(position)) < 0) {
            position++;
        }
        return text.substring(start, position);
    }

    private void skipSeparators() {
        while (position < text.length() && isSeparator(text.charAt(position))) {
            position++;
        }
    }

    private void skipBlanks() {
        while (position < text.length() && (text.charAt(position) == ' ' || text.charAt(position) == '\t')) {
            position++;
        }
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == ',' || c == '\t';
    }
}
