package io.progressrelay.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SuiteOptionsSoakTest {

  @Test
  void theSoakLastsThirtyMinutesTwoWithQuickAndWhatIsAskedWhenAsked() {
    assertThat(SuiteOptions.parse(new String[] {}).soakMinutes()).isEqualTo(30);
    assertThat(SuiteOptions.parse(new String[] {"--quick"}).soakMinutes()).isEqualTo(2);
    assertThat(SuiteOptions.parse(new String[] {"--soak-minutes", "5", "--quick"}).soakMinutes())
        .isEqualTo(5);
  }

  @Test
  void withoutARateTheSoakNeedsNodeWsSweptFirst() {
    assertThat(
            SuiteOptions.parse(
                    new String[] {"--servers", "node_ws,relay", "--scenarios", "sweep,soak"})
                .soakRate())
        .isZero();
    assertThat(
            SuiteOptions.parse(
                    new String[] {
                      "--servers", "relay", "--scenarios", "soak", "--soak-rate", "2000"
                    })
                .soakRate())
        .isEqualTo(2000);
    assertThatThrownBy(
            () -> SuiteOptions.parse(new String[] {"--servers", "relay", "--scenarios", "soak"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--soak-rate");
    assertThatThrownBy(
            () ->
                SuiteOptions.parse(
                    new String[] {"--servers", "relay,node_ws", "--scenarios", "sweep,soak"}))
        .hasMessageContaining("first");
  }
}
