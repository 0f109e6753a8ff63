package io.headroom.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module boundaries of docs/architecture.md, held for every class of every module (the app sees
 * them all on its class path): logic never imports UI, UI never imports transport or JDBC,
 * and protobuf types never leave the agent and its client.
 */
class ArchitectureTest {

    private static JavaClasses headroom;

    @BeforeAll
    static void importClasses() {
        headroom = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.headroom");
    }

    @Test
    void coreIsPlainJava() {
        noClasses().that().resideInAPackage("io.headroom.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "javafx..", "io.grpc..", "com.google.protobuf..", "java.sql..",
                        "io.headroom.protocol..", "io.headroom.client..", "io.headroom.agent..",
                        "io.headroom.store..", "io.headroom.views..", "io.headroom.app..", "io.headroom.themes..")
                .check(headroom);
    }

    @Test
    void viewsSeeNeitherTransportNorStorage() {
        noClasses().that().resideInAPackage("io.headroom.views..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.grpc..", "com.google.protobuf..", "java.sql..", "org.h2..",
                        "io.headroom.protocol..", "io.headroom.client..", "io.headroom.agent..",
                        "io.headroom.store..", "io.headroom.app..")
                .check(headroom);
    }

    @Test
    void localStoreDependsOnCoreOnly() {
        noClasses().that().resideInAPackage("io.headroom.store..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "javafx..", "io.grpc..", "com.google.protobuf..",
                        "io.headroom.protocol..", "io.headroom.client..", "io.headroom.agent..",
                        "io.headroom.views..", "io.headroom.app..")
                // Written before the store had classes; an empty match is allowed, the rule holds for every class.
                .allowEmptyShould(true)
                .check(headroom);
    }

    @Test
    void protobufTypesStayInTheAgentAndItsClient() {
        classes().that().resideInAPackage("io.headroom.protocol..")
                .should().onlyBeAccessed().byClassesThat().resideInAnyPackage(
                        "io.headroom.protocol..", "io.headroom.client..", "io.headroom.agent..")
                .check(headroom);
    }

    @Test
    void theAgentNeverLoadsJavaFx() {
        noClasses().that().resideInAnyPackage("io.headroom.agent..", "io.headroom.client..", "io.headroom.protocol..")
                .should().dependOnClassesThat().resideInAPackage("javafx..")
                .check(headroom);
    }
}
