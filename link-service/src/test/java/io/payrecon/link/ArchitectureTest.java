package io.payrecon.link;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.payrecon.requestclient.RequestNetworkClient;
import org.junit.jupiter.api.Test;

/** The package rules of house-style.md and architecture.md, checked on the compiled link-service. */
class ArchitectureTest {

    private static final JavaClasses LINK_SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.payrecon.link");

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
}
