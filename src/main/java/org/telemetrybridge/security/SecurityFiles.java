package org.telemetrybridge.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Reading the security files: bounded in size, strict UTF-8, split into lines. */
final class SecurityFiles {

    /** Far beyond any real password or ACL file; bounds the memory a wrong path could take. */
    static final int MAX_BYTES = 16 * 1024 * 1024;

    private SecurityFiles() {
    }

    static List<String> lines(Path file) throws SecurityFileException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new SecurityFileException(0, "cannot be read: " + e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new SecurityFileException(0, "is larger than " + MAX_BYTES / (1024 * 1024) + " MiB");
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return text.lines().toList();
        } catch (CharacterCodingException e) {
            throw new SecurityFileException(0, "is not UTF-8 text");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
