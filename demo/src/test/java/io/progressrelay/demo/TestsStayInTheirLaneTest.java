package io.progressrelay.demo;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The tests leave the machine's shared Redis alone: none reconfigures it, kills its clients, shuts
 * it down or flushes it. A test that needs an outage stops a {@code ThrowawayRedis} of its own.
 */
class TestsStayInTheirLaneTest {
  @Test
  void noTestReconfiguresKillsClientsOfShutsDownOrFlushesARedis() {
    JavaClasses tests =
        new ClassFileImporter()
            // This module's tests and the other modules' test-jars on its classpath: the demo
            // module comes last in the build and sees every module's shared fixtures.
            .withImportOption(
                location -> location.contains("/test-classes/") || location.contains("-tests.jar"))
            .importPackages("io.progressrelay");
    assertThat(tests.stream().map(c -> c.getPackageName()))
        .as("the Redis adapter's tests are among those checked")
        .contains("io.progressrelay.adapter.out.redis");

    // ThrowawayRedis may: it only ever talks to the server it started (its DEBUG SLEEP, say).
    noClasses()
        .that()
        .doNotHaveSimpleName("ThrowawayRedis")
        .should()
        .callMethodWhere(
            target(
                    nameMatching(
                        "configSet|clientKill|clientKillFiltered|shutdown|shutdownAbort"
                            + "|flushAll|flushDB|sendCommand"))
                .and(target(owner(resideInAPackage("redis.clients..")))))
        .because("a test that breaks a Redis breaks one it started itself (ThrowawayRedis)")
        .check(tests);
  }
}
