package io.payrecon.events;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The events every app reads bring nothing but Jackson with them (architecture §1; the enforcer checks the jars). */
class ArchitectureTest {

    private static final JavaClasses EVENTS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.payrecon.events");

    @Test
    void eventsDependOnNeitherSpringNorKafka() {
        assertThat(EVENTS.contain(EventCodec.class))
                .as("the module's classes were imported")
                .isTrue();

        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "org.apache.kafka..")
                .check(EVENTS);
    }
}
