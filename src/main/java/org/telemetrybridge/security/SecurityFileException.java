package org.telemetrybridge.security;

/** A password or ACL file that cannot be used, with the line at fault (0 when the file as a whole is). */
public final class SecurityFileException extends Exception {

    private final int line;

    public SecurityFileException(int line, String reason) {
        super(reason);
        this.line = line;
    }

    public int line() {
        return line;
    }

    /** Where and why, for a log line: "line 7: ..." or the reason alone. */
    public String where() {
        return line > 0 ? "line " + line + ": " + getMessage() : getMessage();
    }
}
