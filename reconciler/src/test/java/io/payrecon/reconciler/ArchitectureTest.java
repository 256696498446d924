package io.payrecon.reconciler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package rules of house-style.md, checked on the compiled reconciler. */
class ArchitectureTest {

    private static final JavaClasses RECONCILER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.payrecon.reconciler");

    @Test
    void stateMachineIsPlainJava() {
        noClasses()
                .that()
                .haveNameMatching(
                        "io\\.payrecon\\.reconciler\\.order\\.(Order|OrderFlag|PaymentFact|PaymentTransitions|Transition|ProviderFacts)(\\$.*)?")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "org.apache.kafka..", "java.sql..", "javax.sql..")
                .check(RECONCILER);
    }

    @Test
    void pollingLadderAndRateLimitArePlainJava() {
        noClasses()
                .that()
                .haveNameMatching("io\\.payrecon\\.reconciler\\.polling\\.(PollingLadder|RateLimit)(\\$.*)?")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "org.apache.kafka..", "java.sql..", "javax.sql..")
                .check(RECONCILER);
    }

    @Test
    void pollingKnowsNothingOfOrders() {
        noClasses()
                .that()
                .resideInAPackage("io.payrecon.reconciler.polling..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.payrecon.reconciler.order..", "io.payrecon.reconciler.intake..")
                .check(RECONCILER);
    }

    @Test
    void onlyTheIntakeAndOperationsKnowKafka() {
        noClasses()
                .that()
                .resideOutsideOfPackages("io.payrecon.reconciler.intake..", "io.payrecon.reconciler.admin..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..")
                .check(RECONCILER);
    }

    @Test
    void ordersDoNotDependOnTheirListeners() {
        noClasses()
                .that()
                .resideInAnyPackage("io.payrecon.reconciler.order..", "io.payrecon.reconciler.inbox..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.payrecon.reconciler.intake..")
                .check(RECONCILER);
    }

    @Test
    void theInboxKnowsNothingOfOrders() {
        noClasses()
                .that()
                .resideInAPackage("io.payrecon.reconciler.inbox..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.payrecon.reconciler.order..")
                .check(RECONCILER);
    }

    /**
     * Operations call the owners of the tables (issue 18), never SQL of their own: only the audit log's owner, the jobs'
     * owner, and the rebuild's scratch schema (created, dropped and compared in SQL), may touch JDBC in {@code admin}.
     */
    @Test
    void operationsIssueNoSqlOfTheirOwn() {
        noClasses()
                .that()
                .resideInAPackage("io.payrecon.reconciler.admin..")
                .and()
                .haveNameNotMatching(
                        "io\\.payrecon\\.reconciler\\.admin\\.(audit\\.OpsAudit|jobs\\.JobStore|rebuild\\.(Rebuild|ScratchSchema|StateComparison))(\\$.*)?")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework.jdbc..", "java.sql..", "javax.sql..")
                .check(RECONCILER);
    }
}
