package org.telemetrybridge.mqsc;

/**
 * Where a command starts: the script's file name and the line number (from 1) of the command's first
 * line, so a problem in a command continued over several lines points at where it begins.
 */
public record MqscLocation(String file, int line) {

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
