package org.telemetrybridge.backend.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import org.apache.activemq.artemis.core.io.nio.NIOSequentialFileFactory;
import org.apache.activemq.artemis.core.journal.PreparedTransactionInfo;
import org.apache.activemq.artemis.core.journal.RecordInfo;
import org.apache.activemq.artemis.core.journal.impl.JournalImpl;
import org.apache.activemq.artemis.core.persistence.impl.journal.JournalRecordIds;
import org.apache.activemq.artemis.core.persistence.impl.journal.codec.PersistentAddressBindingEncoding;
import org.apache.activemq.artemis.core.persistence.impl.journal.codec.PersistentQueueBindingEncoding;

import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.topic.TopicLimits;
import org.telemetrybridge.topic.TopicName;

/**
 * Before the broker loads its journal: the address and queue bindings it could not load are set aside.
 * Artemis keeps addresses in a tree walked recursively, so one address of some ten thousand levels,
 * stored by an earlier version that let such a filter through, overflows the stack while the broker
 * starts, and the bridge with every persistent session and message behind it would never start again.
 * A binding is set aside when its address is deeper than the broker is known to load safely, or when
 * it cannot be decoded at all; anything within the topic limits the bridge allows stays. Nothing is lost: both journals are first copied,
 * untouched, under {@code set-aside/} in the data directory, with a list of what was set aside and why;
 * only then are those records deleted from the live bindings journal.
 */
final class BindingsSetAside {

    /** The file names and sizes Artemis uses for its bindings journal. */
    private static final String PREFIX = "activemq-bindings";
    private static final String EXTENSION = "bindings";
    private static final int FILE_SIZE = 1024 * 1024;
    /**
     * What the broker loads and walks safely: the ceiling of bridge.topic.max-levels. Measured, it
     * still loads 8,000 levels and overflows at 12,000; the margin is for smaller thread stacks.
     */
    static final TopicLimits LOADABLE = new TopicLimits(TopicName.MAX_BYTES, TopicLimits.MAX_LEVELS_CEILING);

    record Binding(long recordId, String kind, String name, String reason, byte[] data) {
    }

    private BindingsSetAside() {
    }

    /** @return what was set aside; empty if the journal loads as it is */
    static List<Binding> run(Path dataDir) {
        Path bindings = dataDir.resolve("bindings");
        if (!Files.isDirectory(bindings)) {
            return List.of();
        }
        JournalImpl journal = new JournalImpl(FILE_SIZE, 2, 2, 0, 0,
                new NIOSequentialFileFactory(bindings.toFile(), 1), PREFIX, EXTENSION, 1);
        try {
            journal.start();
            List<RecordInfo> records = new ArrayList<>();
            journal.load(records, new ArrayList<PreparedTransactionInfo>(), (tx, recordsToDelete, toDelete) -> { }, false);
            List<Binding> unloadable = records.stream().map(BindingsSetAside::unloadable)
                    .filter(binding -> binding != null).toList();
            if (!unloadable.isEmpty()) {
                Path where = copyJournals(dataDir, unloadable);
                for (Binding binding : unloadable) {
                    journal.appendDeleteRecord(binding.recordId(), true);
                    BridgeLog.bindingSetAside(binding.kind(), binding.name(), binding.reason(), where.toString());
                }
            }
            return unloadable;
        } catch (Exception e) {
            // The broker reads the journal itself next and says what is wrong with it.
            BridgeLog.bindingsNotScreened(bindings.toString(), e);
            return List.of();
        } finally {
            journal.stop();
        }
    }

    private static Binding unloadable(RecordInfo record) {
        String kind;
        String name;
        String address;
        try {
            if (record.userRecordType == JournalRecordIds.ADDRESS_BINDING_RECORD) {
                PersistentAddressBindingEncoding encoding = new PersistentAddressBindingEncoding();
                encoding.decode(record.wrapData());
                kind = "address";
                name = encoding.getName().toString();
                address = name;
            } else if (record.userRecordType == JournalRecordIds.QUEUE_BINDING_RECORD) {
                PersistentQueueBindingEncoding encoding = new PersistentQueueBindingEncoding();
                encoding.decode(record.wrapData());
                kind = "queue";
                name = encoding.getQueueConfiguration().getName().toString();
                address = encoding.getQueueConfiguration().getAddress().toString();
            } else {
                return null;
            }
        } catch (RuntimeException e) {
            return new Binding(record.id, "record of type " + record.userRecordType, "(undecodable)",
                    "it cannot be decoded: " + e, record.data);
        }
        String beyond = LOADABLE.violation(address);
        return beyond == null ? null
                : new Binding(record.id, kind, name, "its address is deeper or longer than the broker loads safely: "
                        + beyond, record.data);
    }

    /** Copies both journals as they are, and lists what is set aside; returns the directory. */
    private static Path copyJournals(Path dataDir, List<Binding> unloadable) throws IOException {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        Path where = dataDir.resolve("set-aside").resolve(stamp);
        for (String journal : List.of("bindings", "journal")) {
            Path from = dataDir.resolve(journal);
            if (Files.isDirectory(from)) {
                copyDirectory(from, where.resolve(journal));
            }
        }
        StringBuilder list = new StringBuilder("# Bindings the embedded broker could not load, deleted from its bindings"
                + " journal at start-up.\n# The journals as they were are in bindings/ and journal/ here.\n"
                + "# record id, kind, reason, name, record data (base64)\n");
        for (Binding binding : unloadable) {
            list.append(binding.recordId()).append('\t').append(binding.kind()).append('\t').append(binding.reason())
                    .append('\t').append(binding.name()).append('\t')
                    .append(Base64.getEncoder().encodeToString(binding.data())).append('\n');
        }
        Files.writeString(where.resolve("set-aside.txt"), list, StandardCharsets.UTF_8);
        return where;
    }

    private static void copyDirectory(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    Files.copy(file, to.resolve(file.getFileName()));
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
