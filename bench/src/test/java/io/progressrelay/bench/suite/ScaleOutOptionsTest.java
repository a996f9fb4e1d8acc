package io.progressrelay.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScaleOutOptionsTest {

  @Test
  void itsOwnOptionsAreReadAndTheRestGoToTheSuite() {
    var options =
        ScaleOutOptions.parse(
            new String[] {
              "--modes",
              "interest,cluster",
              "--seconds",
              "7",
              "--instances",
              "3",
              "--quick",
              "--users-per-instance",
              "20",
              "--no-reference",
              "--port-offset",
              "300",
              "--cluster-relay-jar",
              "cluster.jar"
            });

    assertThat(options.modes()).containsExactly("interest", "cluster");
    assertThat(options.maxInstances()).isEqualTo(3);
    assertThat(options.usersPerInstance()).isEqualTo(20);
    assertThat(options.reference()).isFalse();
    assertThat(options.suite().portOffset()).isEqualTo(300);
    assertThat(options.suiteFor("cluster").relayJar()).isEqualTo(Path.of("cluster.jar"));
    assertThat(options.suiteFor("interest").relayJar()).isEqualTo(options.suite().relayJar());
    assertThat(options.suite().warmUpSeconds()).isEqualTo(1); // --quick after --seconds
  }

  @Test
  void theClusterModeRunsTheRelayInShardedInterestModeByDefault() {
    var options = ScaleOutOptions.parse(new String[0]);

    assertThat(options.modes()).containsExactly("pattern", "interest");
    assertThat(options.ratePerInstance()).isEqualTo(2_000);
    assertThat(options.clusterSettings())
        .containsEntry("RELAY_REDIS_MODE", "cluster")
        .containsEntry("RELAY_REDIS_SUBSCRIPTIONS", "interest")
        .containsEntry("RELAY_REDIS_CLUSTER_NODES", ScaleOutOptions.NODES);
  }

  @Test
  void badInputIsRefusedSayingWhy() {
    assertThatThrownBy(() -> ScaleOutOptions.parse(new String[] {"--modes", "sharded"}))
        .hasMessageContaining("unknown mode sharded");
    assertThatThrownBy(() -> ScaleOutOptions.parse(new String[] {"--instances", "0"}))
        .hasMessageContaining("--instances wants a positive number");
    assertThatThrownBy(() -> ScaleOutOptions.parse(new String[] {"--cluster-env", "NODES"}))
        .hasMessageContaining("--cluster-env wants KEY=VALUE");
  }
}
