package io.headroom.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The boundaries docs/architecture.md draws, as rules. Every module's tests run all of them over
 * that module's own classes ({@link ThisModule}) by extending this class:
 *
 * <pre>{@code
 * class ArchitectureTest extends HeadroomArchitecture {}
 * }</pre>
 *
 * Plain JUnit tests rather than ArchUnit's {@code @ArchTest} fields: Surefire 3.5.3 silently
 * skips those (TNG/ArchUnit#1442). A layer a module does not hold is absent from its scan, so
 * the layers are optional; the rules that name packages allow an empty match for the same reason.
 */
public abstract class HeadroomArchitecture {

    private static JavaClasses module;

    @BeforeAll
    static void importThisModule() {
        module = new ClassFileImporter().withImportOption(new ThisModule()).importPackages("io.headroom");
        if (module.isEmpty()) {
            // Every rule would pass on nothing; a scan that finds no class is a broken test, not a clean module.
            throw new IllegalStateException("no class of this module found under " + new ThisModule());
        }
    }

    @Test
    void roomsReachOnlyTheRoomsBelowThem() {
        layers.check(module);
    }

    @Test
    void noPackageLeansOnAnotherThatLeansBack() {
        noPackageCycles.check(module);
    }

    @Test
    void javaFxOnlyInThemesViewsAndConsole() {
        noJavaFxBelowTheViews.check(module);
    }

    @Test
    void viewsAndStoreKnowNothingOfTheWire() {
        viewsAndStoreFreeOfTransport.check(module);
    }

    @Test
    void viewsOpenNoDatabase() {
        viewsFreeOfStorage.check(module);
    }

    /** Which room may use which: each layer lists every layer it may reach, nothing else. */
    static final ArchRule layers = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .withOptionalLayers(true)
            .layer("Core")
            .definedBy("io.headroom.core..")
            .layer("Protocol")
            .definedBy("io.headroom.protocol..")
            .layer("Wire")
            .definedBy("io.headroom.wire..")
            .layer("Client")
            .definedBy("io.headroom.client..")
            .layer("Server")
            .definedBy(
                    "io.headroom.agent.server..",
                    "io.headroom.agent.access..",
                    "io.headroom.agent.audit..",
                    "io.headroom.agent.tls..",
                    "io.headroom.agent.relay..",
                    "io.headroom.agent.workloads..",
                    "io.headroom.agent.reclaim..",
                    "io.headroom.agent.history..",
                    "io.headroom.agent.operations",
                    "io.headroom.agent.incidents..")
            .layer("Simulator")
            .definedBy("io.headroom.agent.simulator..", "io.headroom.agent.simulated..")
            .layer("Agent")
            .definedBy(
                    "io.headroom.agent",
                    "io.headroom.agent.cli..",
                    "io.headroom.agent.config..",
                    "io.headroom.agent.node..",
                    "io.headroom.agent.workload..",
                    "io.headroom.agent.source..",
                    "io.headroom.agent.metrics..",
                    "io.headroom.agent.exporter..",
                    "io.headroom.agent.operations.(*)..")
            .layer("Store")
            .definedBy("io.headroom.store..")
            .layer("Themes")
            .definedBy("io.headroom.themes..")
            .layer("Views")
            .definedBy("io.headroom.views..")
            .layer("Console")
            .definedBy("io.headroom.app..")
            .layer("Bench")
            .definedBy("io.headroom.bench..")
            .whereLayer("Core")
            .mayNotAccessAnyLayer()
            .whereLayer("Protocol")
            .mayNotAccessAnyLayer()
            .whereLayer("Wire")
            .mayOnlyAccessLayers("Core", "Protocol")
            .whereLayer("Client")
            .mayOnlyAccessLayers("Wire", "Core", "Protocol")
            .whereLayer("Server")
            .mayOnlyAccessLayers("Client", "Wire", "Core", "Protocol")
            .whereLayer("Simulator")
            .mayOnlyAccessLayers("Server", "Wire", "Core", "Protocol")
            .whereLayer("Agent")
            .mayOnlyAccessLayers("Simulator", "Server", "Client", "Wire", "Core", "Protocol")
            .whereLayer("Store")
            .mayOnlyAccessLayers("Core")
            .whereLayer("Themes")
            .mayNotAccessAnyLayer()
            .whereLayer("Views")
            .mayOnlyAccessLayers("Themes", "Core")
            .whereLayer("Console")
            .mayOnlyAccessLayers("Views", "Themes", "Store", "Simulator", "Client", "Wire", "Core")
            .because("docs/architecture.md: the console sees agents only through the client, and nothing below "
                    + "a room reaches up into it");

    /** Every package is a room of its own: no two lean on each other. */
    static final ArchRule noPackageCycles =
            slices().matching("io.headroom.(**)").should().beFreeOfCycles().allowEmptyShould(true);

    /** JavaFX lives in the themes, the views and the console; the agent, the store and the logic never load it. */
    static final ArchRule noJavaFxBelowTheViews = noClasses()
            .that()
            .resideOutsideOfPackages(
                    "io.headroom.views..", "io.headroom.themes..", "io.headroom.app..", "io.headroom.bench..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("javafx..")
            .allowEmptyShould(true);

    /** What the operator sees, and what the console keeps, know nothing of gRPC, protobuf or the wire. */
    static final ArchRule viewsAndStoreFreeOfTransport = noClasses()
            .that()
            .resideInAnyPackage("io.headroom.views..", "io.headroom.store..", "io.headroom.themes..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.grpc..", "com.google.protobuf..", "io.netty..", "io.headroom.protocol..")
            .allowEmptyShould(true);

    /** The views draw; they neither open files and databases nor talk to agents. */
    static final ArchRule viewsFreeOfStorage = noClasses()
            .that()
            .resideInAPackage("io.headroom.views..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("java.sql..", "org.h2..", "org.flywaydb..")
            .allowEmptyShould(true);
}
