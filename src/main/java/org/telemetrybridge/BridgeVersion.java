package org.telemetrybridge;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/** The bridge's version, from the build information Maven writes into the jar (META-INF/build-info.properties). */
public final class BridgeVersion implements IVersionProvider {

    /** The version, e.g. {@code 0.1.0-SNAPSHOT}, or "unknown" outside a Maven build. */
    public static String version() {
        try (InputStream in = BridgeVersion.class.getResourceAsStream("/META-INF/build-info.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties info = new Properties();
            info.load(in);
            return info.getProperty("build.version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"Telemetry Bridge " + version(), "Java " + Runtime.version() + " ("
                + System.getProperty("java.vendor") + ")"};
    }
}
