package io.progressrelay.bootstrap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps dependencies pointing inward: domain ← application ← adapters ← bootstrap. */
class ArchitectureTest {
  private static final String[] FRAMEWORKS = {
    "io.javalin..", "org.eclipse.jetty..", "redis.clients..", "org.jdbi..",
    "com.fasterxml.jackson..", "org.postgresql..", "org.flywaydb..", "com.zaxxer..",
    "com.nimbusds..", "picocli..", "jakarta..", "io.micrometer.."
  };

  private static JavaClasses classes;

  @BeforeAll
  static void importProductionClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // Other modules' test-jars (shared test fixtures) are tests too.
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.progressrelay");
  }

  @Test
  void theDomainDependsOnNothingButTheJdk() {
    check(
        noClasses()
            .that()
            .resideInAPackage("io.progressrelay.domain..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                with(
                    "io.progressrelay.application..",
                    "io.progressrelay.adapter..",
                    "io.progressrelay.bootstrap..")));
  }

  @Test
  void theApplicationDependsOnlyOnTheDomain() {
    check(
        noClasses()
            .that()
            .resideInAPackage("io.progressrelay.application..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                with("io.progressrelay.adapter..", "io.progressrelay.bootstrap..")));
  }

  @Test
  void adaptersNeverDependOnEachOtherOrOnBootstrap() {
    String[] adapters = {
      "io.progressrelay.adapter.in.web..",
      "io.progressrelay.adapter.out.postgres..",
      "io.progressrelay.adapter.out.redis..",
      "io.progressrelay.adapter.out.memory.."
    };
    for (String adapter : adapters) {
      String[] others =
          java.util.Arrays.stream(adapters).filter(a -> !a.equals(adapter)).toArray(String[]::new);
      check(
          noClasses()
              .that()
              .resideInAPackage(adapter)
              .should()
              .dependOnClassesThat()
              .resideInAnyPackage(concat(others, "io.progressrelay.bootstrap..")));
    }
  }

  /**
   * The application's services call each other in one direction only (the fan-out hands delivery
   * outcomes to history, never the reverse), so each can be read without the other.
   */
  @Test
  void theApplicationsServicePackagesFormNoCycle() {
    check(
        slices().matching("io.progressrelay.application.service.(*)..").should().beFreeOfCycles());
  }

  private static String[] with(String... own) {
    return concat(FRAMEWORKS, own);
  }

  private static String[] concat(String[] first, String... second) {
    String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }

  private static void check(ArchRule rule) {
    rule.check(classes);
  }
}
