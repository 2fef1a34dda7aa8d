package org.telemetrybridge.admin;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import org.telemetrybridge.backend.ibmmq.IbmMqSettings;
import org.telemetrybridge.backend.ibmmq.QueueManagerChecks;
import org.telemetrybridge.backend.ibmmq.QueueManagerChecks.Finding;
import org.telemetrybridge.backend.ibmmq.QueueManagerChecks.Report;
import org.telemetrybridge.backend.ibmmq.QueueManagerInquiry;
import org.telemetrybridge.config.IbmMqProperties;
import org.telemetrybridge.config.MqttProperties;

/**
 * {@code doctor}: the bridge's start-up checks of an IBM MQ queue manager, on demand. It reads the
 * {@code ibm.mq.*} settings exactly as the service does (a Spring context with nothing in it but the
 * settings: command-line {@code --ibm.mq.x=y}, environment {@code IBM_MQ_X}, application.yml,
 * config/ directories), inquires the queue manager with PCF, and prints each check with the MQSC
 * that fixes it. Exit status: 0 all passed, 1 a check failed, 2 the checks could not run.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Checks that an IBM MQ queue manager is set up for the bridge, and prints the MQSC that"
                + " fixes what is not.",
                "Settings as for the service, e.g. --ibm.mq.queue-manager=QM1 --ibm.mq.conn-name='mq(1414)'"
                        + " --ibm.mq.user=app, or IBM_MQ_* environment variables, or application.yml."},
        footer = "Exit status: 0 all checks passed, 1 a check failed, 2 the checks could not run.")
public final class DoctorCommand implements Callable<Integer> {

    /** The ibm.mq.* (and other Spring) settings, passed to Spring as they are. */
    @Unmatched
    List<String> settings = new ArrayList<>();

    @Spec
    CommandSpec spec;

    /** A Spring context holding only the settings: no listener, no backend, no web server. */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({IbmMqProperties.class, MqttProperties.class})
    @ImportAutoConfiguration(SslAutoConfiguration.class)
    static class SettingsOnly {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        IbmMqSettings mq;
        long maxPacketSize;
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SettingsOnly.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .run(settings.toArray(String[]::new))) {
            mq = context.getBean(IbmMqProperties.class).toSettings(context.getBean(SslBundles.class));
            maxPacketSize = context.getBean(MqttProperties.class).maxPacketSize().toBytes();
        } catch (RuntimeException e) { // a misspelt or invalid setting: checking with defaults would mislead
            out.println("CANNOT CHECK  " + rootMessage(e));
            out.flush();
            return 2;
        }
        out.println("Checking " + mq.describe() + (mq.user() == null || mq.user().isBlank() ? ""
                : " as user '" + mq.user() + "'"));
        Report report;
        try {
            report = QueueManagerChecks.evaluate(QueueManagerInquiry.inquire(mq), mq.maxUnacknowledged(),
                    maxPacketSize, mq.deviceIdentity());
        } catch (QueueManagerInquiry.InquiryException e) {
            out.println("CANNOT CHECK  " + e.getMessage());
            out.flush();
            return 2;
        }
        print(out, mq.queueManager(), report);
        out.flush();
        return report.passed() ? 0 : 1;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    static void print(PrintWriter out, String queueManager, Report report) {
        for (Finding failure : report.failures()) {
            // A warning (TBR...W, e.g. MQ Telemetry still running during a migration) is not a failed set-up.
            out.println((failure.messageId().endsWith("W") ? "WARN  " : "FAIL  ") + failure.messageId() + "  "
                    + failure.problem());
            out.println("      fix: " + failure.mqsc());
        }
        for (String skipped : report.skipped()) {
            out.println("SKIP  " + skipped);
        }
        int passed = report.checked() - report.failures().size();
        out.println((report.passed() ? "OK    " : "      ") + passed + " of " + report.checked() + " checks passed");
        if (!report.passed()) {
            out.println();
            out.println("* MQSC to apply with: runmqsc " + queueManager);
            report.failures().forEach(failure -> out.println(failure.mqsc()));
        }
    }
}
