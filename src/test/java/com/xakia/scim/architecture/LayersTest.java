package com.xakia.scim.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The layers as rules: packages free of cycles, the wiring in the root package used by nobody, the SCIM
 * protocol package knowing only the SDK and Jackson, and the services and repositories plain Java.
 */
@Tag("unit")
class LayersTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.xakia.scim");

    @Test
    void packages_have_no_cycles() {
        slices().matching("com.xakia.scim.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void nothing_depends_on_the_root_package_which_only_wires() {
        noClasses().that().resideOutsideOfPackage("com.xakia.scim")
                .should().dependOnClassesThat().resideInAPackage("com.xakia.scim")
                .check(CLASSES);
    }

    @Test
    void the_scim_protocol_package_knows_only_the_sdk_and_jackson() {
        classes().that().resideInAPackage("com.xakia.scim.scim..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("com.xakia.scim.scim..", "java.lang..",
                        "java.util..", "java.time..", "java.net", "java.io", "com.fasterxml.jackson..", "com.unboundid.scim2..")
                .check(CLASSES);
    }

    @Test
    void services_and_repositories_are_plain_java() {
        noClasses().that().haveSimpleNameEndingWith("Service").or().haveSimpleNameEndingWith("Repository")
                .should().dependOnClassesThat().resideInAPackage("org.apache.camel..")
                .check(CLASSES);
    }
}
