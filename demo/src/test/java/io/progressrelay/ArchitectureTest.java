package io.progressrelay;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.progressrelay.application.port.out.ClientSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps every dependency pointing inward: domain ← ports ← services, adapters → ports, and only
 * bootstrap knows them all. It lives in the demo module, the last of the build, whose classpath
 * holds every production module, so it sees all the classes these rules speak of.
 */
class ArchitectureTest {
  private static final String JDK = "java..";
  private static final String DOMAIN = "io.progressrelay.domain..";
  private static final String APPLICATION = "io.progressrelay.application..";
  private static final String IN_PORTS = "io.progressrelay.application.port.in..";
  private static final String OUT_PORTS = "io.progressrelay.application.port.out..";
  private static final String SERVICES = "io.progressrelay.application.service..";
  private static final String ADAPTERS = "io.progressrelay.adapter..";
  private static final String BOOTSTRAP = "io.progressrelay.bootstrap..";
  private static final String METRICS = "io.progressrelay.metrics..";
  // The other entry point (the demo and its worker simulator), which starts the relay through
  // bootstrap.
  private static final String DEMO = "io.progressrelay.demo..";

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
  void everyLayerIsOnTheClasspathSoNoRuleHoldsForWantOfClasses() {
    assertThat(classes.stream().map(JavaClass::getPackageName).distinct())
        .contains(
            "io.progressrelay.domain",
            "io.progressrelay.application.port.in.relay",
            "io.progressrelay.application.port.out",
            "io.progressrelay.application.service.fanout",
            "io.progressrelay.adapter.in.memory",
            "io.progressrelay.adapter.out.memory",
            "io.progressrelay.adapter.out.postgres",
            "io.progressrelay.adapter.in.redis",
            "io.progressrelay.adapter.out.redis",
            "io.progressrelay.adapter.in.web",
            "io.progressrelay.adapter.out.web.socket",
            "io.progressrelay.metrics",
            "io.progressrelay.bootstrap",
            "io.progressrelay.demo",
            "io.progressrelay.demo.simulator");
  }

  @Test
  void theDomainDependsOnNothingButTheJdk() {
    classes()
        .that()
        .resideInAPackage(DOMAIN)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(DOMAIN, JDK)
        .because(
            "the domain is the relay's vocabulary, which every layer speaks; it must read and test"
                + " without any layer or library around it")
        .check(classes);
  }

  @Test
  void inPortsDependOnlyOnTheDomainAndOtherInPorts() {
    classes()
        .that()
        .resideInAPackage(IN_PORTS)
        .should()
        .onlyDependOnClassesThat(
            resideInAnyPackage(IN_PORTS, DOMAIN, JDK).or(equivalentTo(ClientSocket.class)))
        .because(
            "a use case is stated in the domain's terms, so a driving adapter needs nothing else to"
                + " call it. The one exception is ClientSocket, the out port ConnectClientUseCase"
                + " takes: a browser's socket exists only once it has connected, so the driving"
                + " adapter hands it over with the connect call, where bootstrap could not wire it"
                + " once at start")
        .check(classes);
  }

  @Test
  void outPortsDependOnlyOnTheDomainAndOtherOutPorts() {
    classes()
        .that()
        .resideInAPackage(OUT_PORTS)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(OUT_PORTS, DOMAIN, JDK)
        .because(
            "a driven adapter implements an out port from the domain's types alone, knowing"
                + " nothing of the use cases that call it; values both sides need live in the"
                + " domain")
        .check(classes);
  }

  @Test
  void servicesDependOnlyOnPortsTheDomainTheLoggingApiAndCaffeine() {
    classes()
        .that()
        .resideInAPackage(SERVICES)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            SERVICES,
            IN_PORTS,
            OUT_PORTS,
            DOMAIN,
            JDK,
            "org.slf4j..",
            "com.github.benmanes.caffeine.cache..")
        .because(
            "the business rules run and test without any adapter and without Javalin, Jetty,"
                + " Jedis, Jdbi, Jackson or Micrometer; they reach the world only through out"
                + " ports, and log through the SLF4J API. Caffeine is an in-process data"
                + " structure (the route cache), no I/O and no framework, so it may stay")
        .check(classes);
  }

  @Test
  void theApplicationHoldsOnlyPortsAndServices() {
    classes()
        .that()
        .resideInAPackage(APPLICATION)
        .should()
        .resideInAnyPackage(IN_PORTS, OUT_PORTS, SERVICES)
        .because("the rules for ports and services then cover every class of the application")
        .check(classes);
  }

  @Test
  void everyAdapterNamesItsDirectionThenItsTechnology() {
    classes()
        .that()
        .resideInAPackage(ADAPTERS)
        .should()
        .resideInAnyPackage("io.progressrelay.adapter.in.*..", "io.progressrelay.adapter.out.*..")
        .because(
            "adapter.in.<technology> drives the application through in ports and"
                + " adapter.out.<technology> implements out ports; the rule between technologies"
                + " reads the technology off that name")
        .check(classes);
  }

  @Test
  void adaptersNeverUseTheApplicationsServices() {
    noClasses()
        .that()
        .resideInAPackage(ADAPTERS)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(SERVICES)
        .because(
            "an adapter meets the application only at its ports, so a service can change or be"
                + " replaced without touching an adapter; bootstrap hands the services in as use"
                + " cases")
        .check(classes);
  }

  @Test
  void adaptersOfOneTechnologyNeverUseAnothers() {
    slices()
        .matching("io.progressrelay.adapter.*.(*)..")
        .namingSlices("the $1 adapters")
        .should()
        .notDependOnEachOther()
        .because(
            "each technology can be replaced on its own (PostgreSQL by memory, Redis by events in"
                + " process) and only bootstrap combines them; the driving and driven sides of one"
                + " technology, such as adapter.in.redis and adapter.out.redis, may share its"
                + " settings and connections")
        .check(classes);
  }

  @Test
  void onlyBootstrapWires() {
    noClasses()
        .that()
        .resideOutsideOfPackages(BOOTSTRAP, DEMO)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(BOOTSTRAP)
        .because(
            "bootstrap builds every part with new and knows them all, so nothing it builds may"
                + " know it back; only the demo and the simulator, which run the relay, start it"
                + " through bootstrap")
        .check(classes);
  }

  @Test
  void metricsReadTheApplicationsCountersAndNothingElse() {
    classes()
        .that()
        .resideInAPackage(METRICS)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            METRICS,
            SERVICES,
            IN_PORTS,
            OUT_PORTS,
            DOMAIN,
            JDK,
            "io.micrometer..",
            "io.prometheus..")
        .because(
            "the meters over the fan-out and history counters read the services' statistics when"
                + " scraped and nothing else; no adapter, and Micrometer stays out of the"
                + " application")
        .check(classes);
  }

  /**
   * The application's services call each other in one direction only (the fan-out hands delivery
   * outcomes to history, never the reverse), so each can be read without the other.
   */
  @Test
  void theApplicationsServicePackagesFormNoCycle() {
    slices()
        .matching("io.progressrelay.application.service.(*)..")
        .should()
        .beFreeOfCycles()
        .because("each service package can then be read and tested without the others above it")
        .check(classes);
  }
}
