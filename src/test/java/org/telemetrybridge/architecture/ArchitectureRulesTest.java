package org.telemetrybridge.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The never-rules of docs/architecture.md: dependencies point inwards (mqtt → session ← backend),
 * the core is plain Java, and the adapters do not know each other. A broken rule names the class
 * and the offending dependency.
 */
@AnalyzeClasses(packages = "org.telemetrybridge", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureRulesTest {

    private static final String CORE = "org.telemetrybridge.session..";
    private static final String TOPIC = "org.telemetrybridge.topic..";

    @ArchTest
    static final ArchRule coreIsPlainJava = noClasses().that().resideInAnyPackage(CORE, TOPIC)
            .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "jakarta.jms..", "org.apache.activemq..",
                    "com.ibm..", "org.springframework..")
            .because("the core is unit-testable without sockets, a broker or Spring");

    @ArchTest
    static final ArchRule coreKnowsNoEdgeOrAdapter = noClasses().that().resideInAnyPackage(CORE, TOPIC)
            .should().dependOnClassesThat().resideInAnyPackage("org.telemetrybridge.mqtt..",
                    "org.telemetrybridge.backend..", "org.telemetrybridge.config..", "org.telemetrybridge.admin..")
            .because("the edge and the adapters depend on the core, never the other way");

    @ArchTest
    static final ArchRule topicMatchingIsNeutral = noClasses().that().resideInAPackage(TOPIC)
            .should().dependOnClassesThat().resideInAPackage(CORE)
            .because("topic names, filters and the tree serve the core and the adapters alike");

    @ArchTest
    static final ArchRule edgeTalksOnlyToTheCore = noClasses().that().resideInAPackage("org.telemetrybridge.mqtt..")
            .should().dependOnClassesThat().resideInAnyPackage("org.telemetrybridge.backend..",
                    "org.telemetrybridge.config..", "org.telemetrybridge.admin..",
                    "jakarta.jms..", "org.apache.activemq..", "com.ibm..")
            .because("the MQTT edge knows MQTT and the core, nothing of JMS or MQ");

    @ArchTest
    static final ArchRule adaptersNeverImportTheEdge = noClasses().that().resideInAPackage("org.telemetrybridge.backend..")
            .should().dependOnClassesThat().resideInAnyPackage("org.telemetrybridge.mqtt..", "io.netty.handler.codec.mqtt..",
                    "org.telemetrybridge.config..", "org.telemetrybridge.admin..")
            .because("a backend adapter serves the core, whatever the protocol edge");

    @ArchTest
    static final ArchRule embeddedDoesNotKnowIbmMq = noClasses().that().resideInAPackage("org.telemetrybridge.backend.embedded..")
            .should().dependOnClassesThat().resideInAPackage("org.telemetrybridge.backend.ibmmq..")
            .because("the dialects differ only where the providers differ; the wiring combines them");

    @ArchTest
    static final ArchRule ibmMqDoesNotKnowEmbedded = noClasses().that().resideInAPackage("org.telemetrybridge.backend.ibmmq..")
            .should().dependOnClassesThat().resideInAPackage("org.telemetrybridge.backend.embedded..")
            .because("the dialects differ only where the providers differ; the wiring combines them");

    @ArchTest
    static final ArchRule sharedJmsCodeKnowsNoDialect = noClasses().that().resideInAPackage("org.telemetrybridge.backend.jms..")
            .should().dependOnClassesThat().resideInAnyPackage("org.telemetrybridge.backend.embedded..",
                    "org.telemetrybridge.backend.ibmmq..", "org.apache.activemq..", "com.ibm..")
            .because("the shared Jakarta Messaging adapter is the same code for every provider");

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("org.telemetrybridge.(**)").should().beFreeOfCycles();
}
