package io.payrecon.sandbox;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The feature packages depend on each other in one direction only, and the root on none of them. */
class ArchitectureTest {

    private static final JavaClasses SANDBOX = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.payrecon.sandbox");

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("io.payrecon.sandbox.(*)..").should().beFreeOfCycles().check(SANDBOX);
    }

    @Test
    void theClockAndTheWebhookSenderKnowNothingOfLinksPagesOrFaults() {
        noClasses()
                .that()
                .resideInAnyPackage("io.payrecon.sandbox.clock..", "io.payrecon.sandbox.webhook..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.payrecon.sandbox.payment..",
                        "io.payrecon.sandbox.page..",
                        "io.payrecon.sandbox.fault..",
                        "io.payrecon.sandbox.credential..")
                .check(SANDBOX);
    }

    @Test
    void theJournalKnowsNoFeatureItKeeps() {
        noClasses()
                .that()
                .resideInAPackage("io.payrecon.sandbox.journal..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.payrecon.sandbox.payment..",
                        "io.payrecon.sandbox.webhook..",
                        "io.payrecon.sandbox.clock..",
                        "io.payrecon.sandbox.credential..",
                        "io.payrecon.sandbox.page..",
                        "io.payrecon.sandbox.fault..",
                        "io.payrecon.sandbox.latency..")
                .check(SANDBOX);
    }

    @Test
    void theRootPackageDependsOnNoFeature() {
        noClasses()
                .that()
                .resideInAPackage("io.payrecon.sandbox")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.payrecon.sandbox.*..")
                .check(SANDBOX);
    }
}
