package org.telemetrybridge.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Every message id the bridge logs is explained in docs/messages.md, and the docs list no stale ids. */
class MessageCatalogueDocumentedTest {

    private static final Pattern LOGGED_ID = Pattern.compile("\"(TBR\\d{4}[IWE]) ");
    private static final Pattern DOCUMENTED_ID = Pattern.compile("^### (TBR\\d{4}[IWE])\\s*$", Pattern.MULTILINE);

    @Test
    void everyLoggedMessageIdIsDocumentedWithCauseAndFix() throws IOException {
        Set<String> logged = ids(LOGGED_ID, Files.readString(
                Path.of("src/main/java/org/telemetrybridge/log/BridgeLog.java")));
        Set<String> documented = ids(DOCUMENTED_ID, Files.readString(Path.of("docs/messages.md")));

        assertThat(logged).as("message ids in BridgeLog").hasSizeGreaterThan(30);
        assertThat(documented).as("ids documented in docs/messages.md").containsAll(logged);
        assertThat(logged).as("ids in docs/messages.md that the bridge never logs").containsAll(documented);
    }

    @Test
    void messageIdsAreUniqueInTheCatalogue() throws IOException {
        String source = Files.readString(Path.of("src/main/java/org/telemetrybridge/log/BridgeLog.java"));
        Matcher matcher = LOGGED_ID.matcher(source);
        Set<String> seen = new TreeSet<>();
        while (matcher.find()) {
            String number = matcher.group(1).substring(0, 7);
            assertThat(seen.add(number)).as("message number %s used twice", number).isTrue();
        }
    }

    private static Set<String> ids(Pattern pattern, String text) {
        Set<String> ids = new TreeSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        return ids;
    }
}
