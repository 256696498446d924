package io.payrecon.link;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.payrecon.requestclient.RequestNetworkClient;
import org.junit.jupiter.api.Test;

/** The package rules of house-style.md and architecture.md, checked on the compiled link-service. */
class ArchitectureTest {

    private static final JavaClasses LINK_SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.payrecon.link");

    private static final String PAYMENT_LINKS = "io.payrecon.link.paymentlink";
    private static final String[] PAYMENT_LINK_JOBS = {
        PAYMENT_LINKS + ".issue..", PAYMENT_LINKS + ".renewal..", PAYMENT_LINKS + ".expiry.."
    };
    private static final String PAYMENT_LINK_API = PAYMENT_LINKS + ".web..";

    /** Each package of the payment links is a slice of its own: the core, each job and the API. */
    private static final SliceAssignment PAYMENT_LINK_PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            return name.equals(PAYMENT_LINKS) || name.startsWith(PAYMENT_LINKS + ".")
                    ? SliceIdentifier.of(name)
                    : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the packages of " + PAYMENT_LINKS;
        }
    };

    @Test
    void noOtherAppIsUsed() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.payrecon.gateway..", "io.payrecon.reconciler..", "io.payrecon.sandbox..")
                .check(LINK_SERVICE);
    }

    @Test
    void everyProviderCallGoesThroughTheRateLimitBackoff() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.payrecon.link.provider..")
                .should()
                .dependOnClassesThat()
                .areAssignableTo(RequestNetworkClient.class)
                .check(LINK_SERVICE);
    }

    @Test
    void paymentStatusAndProviderKnowNothingOfPaymentLinks() {
        noClasses()
                .that()
                .resideInAnyPackage("io.payrecon.link.paymentstatus..", "io.payrecon.link.provider..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.payrecon.link.paymentlink..")
                .check(LINK_SERVICE);
    }

    /** Events leave through the outbox; the only Kafka code is the status listener. */
    @Test
    void onlyThePaymentStatusListenerKnowsKafka() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.payrecon.link.paymentstatus..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..")
                .check(LINK_SERVICE);
    }

    /** Issue 18: the payment links' packages depend one way, the API on the jobs and the jobs on the core. */
    @Test
    void paymentLinkPackagesAreFreeOfCycles() {
        slices().assignedFrom(PAYMENT_LINK_PACKAGES).should().beFreeOfCycles().check(LINK_SERVICE);
    }

    /** The core (the order, its links, their tables and the claim) serves the jobs and the API, never the reverse. */
    @Test
    void paymentLinkCoreKnowsNothingOfItsJobsOrTheApi() {
        noClasses()
                .that()
                .resideInAPackage(PAYMENT_LINKS)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(PAYMENT_LINKS + ".*..")
                .check(LINK_SERVICE);
    }

    @Test
    void paymentLinkJobsKnowNothingOfTheApi() {
        noClasses()
                .that()
                .resideInAnyPackage(PAYMENT_LINK_JOBS)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(PAYMENT_LINK_API)
                .check(LINK_SERVICE);
    }
}
