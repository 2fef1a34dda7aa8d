package org.telemetrybridge.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.Function;

import org.telemetrybridge.log.BridgeLog;

/**
 * A security file kept loaded: read at start (a file that cannot be used stops the start), then read
 * again whenever {@link #reloadIfChanged()} sees it changed. A changed file that cannot be used is
 * reported once, with the line at fault, and what was loaded before stays in force. The loaded value is
 * published through a volatile field, so readers on any thread see a whole file, old or new.
 *
 * @param <T> what the file holds once parsed
 */
final class WatchedFile<T> {

    /** Parses a file's content. */
    interface Parser<T> {
        T parse(Path file) throws SecurityFileException;
    }

    /** What identifies a version of the file cheaply: modification time, size, and inode where there is one. */
    private record Stamp(Object modified, long size, Object key) {

        static Stamp of(Path file) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
            } catch (IOException e) {
                return null;
            }
        }
    }

    private final Path file;
    private final String setting;
    private final Parser<T> parser;
    private final Function<T, String> summary;
    private volatile T current;
    /** The version last tried, good or bad: a bad file is reported once, not at every check. */
    private Stamp lastTried;

    /**
     * @param setting the setting that names the file, for log lines
     * @param summary what a loaded file holds, in a few words ("3 users")
     * @throws SecurityFileException if the file cannot be used at start (logged as TBR0095E)
     */
    WatchedFile(Path file, String setting, Parser<T> parser, Function<T, String> summary) throws SecurityFileException {
        this.file = file;
        this.setting = setting;
        this.parser = parser;
        this.summary = summary;
        lastTried = Stamp.of(file);
        try {
            current = parser.parse(file);
        } catch (SecurityFileException e) {
            BridgeLog.securityFileUnusable(setting, file.toString(), e.where());
            throw e;
        }
        BridgeLog.securityFileLoaded(setting, file.toString(), summary.apply(current));
    }

    T current() {
        return current;
    }

    /** Reads the file again if it changed since it was last read; called from one thread at a time. */
    synchronized void reloadIfChanged() {
        Stamp now = Stamp.of(file);
        if (Objects.equals(now, lastTried)) {
            return;
        }
        lastTried = now;
        try {
            current = parser.parse(file);
            BridgeLog.securityFileLoaded(setting, file.toString(), summary.apply(current));
        } catch (SecurityFileException e) {
            BridgeLog.securityFileNotReloaded(setting, file.toString(), e.where());
        }
    }
}
