package org.telemetrybridge.mqsc;

/**
 * Something wrong in a script. An error is what runmqsc would reject; a warning is what runmqsc
 * accepts but is most likely a mistake (a misspelt attribute, a DEFINE that fails when applied again).
 */
public record MqscProblem(Severity severity, MqscLocation location, String message) {

    public enum Severity { ERROR, WARNING }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code error: message} or {@code warning: message}. */
    public String describe() {
        return severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
    }

    /** The compiler-style form editors and CI logs understand: {@code file:line: error: message}. */
    @Override
    public String toString() {
        return location + ": " + describe();
    }
}
