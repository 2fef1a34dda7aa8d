package org.telemetrybridge.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import org.telemetrybridge.log.BridgeLog;
import org.telemetrybridge.mqsc.MqscReader;
import org.telemetrybridge.mqsc.MqscScript;
import org.telemetrybridge.mqsc.MqscScripts;

/**
 * Finds the MQSC scripts the embedded stand-in applies: those of {@code bridge.embedded.mqsc-dir} when
 * set, else the copy of the project's {@code mqsc/*.mqsc} that the build puts in the jar.
 */
final class EmbeddedMqscScripts {

    /** Where the build copies mqsc/*.mqsc (see the copy-mqsc execution in pom.xml). */
    static final String SHIPPED = "classpath:mqsc/*.mqsc";

    private EmbeddedMqscScripts() {
    }

    static MqscScripts load(Path directory) {
        return directory == null ? shipped() : fromDirectory(directory);
    }

    private static MqscScripts fromDirectory(Path directory) {
        Path absolute = directory.toAbsolutePath();
        if (!Files.isDirectory(absolute)) {
            BridgeLog.mqscDirectoryUnreadable(absolute.toString(), "it is not a directory");
            throw new IllegalStateException("bridge.embedded.mqsc-dir " + absolute + " is not a directory");
        }
        try {
            return new MqscScripts(absolute.toString(), MqscReader.readDirectory(absolute));
        } catch (IOException e) {
            BridgeLog.mqscDirectoryUnreadable(absolute.toString(), e.toString());
            throw new IllegalStateException("bridge.embedded.mqsc-dir " + absolute + " cannot be read", e);
        }
    }

    private static MqscScripts shipped() {
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver().getResources(SHIPPED);
            List<MqscScript> scripts = new ArrayList<>();
            for (Resource resource : Arrays.stream(resources)
                    .sorted(Comparator.comparing(Resource::getFilename)).toList()) {
                scripts.add(MqscReader.read(resource.getFilename(),
                        resource.getContentAsString(StandardCharsets.UTF_8)));
            }
            return new MqscScripts("the bridge's jar (mqsc/)", scripts);
        } catch (IOException e) {
            throw new IllegalStateException("The MQSC scripts in the bridge's jar cannot be read", e);
        }
    }
}
