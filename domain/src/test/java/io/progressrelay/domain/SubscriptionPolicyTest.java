package io.progressrelay.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SubscriptionPolicyTest {
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
  private final SubscriptionPolicy policy = new SubscriptionPolicy(Duration.ofHours(24), 1000);

  @Test
  void anUnfinishedUploadsSubscriptionNeverExpires() {
    assertThat(policy.expiryOf(Optional.empty(), T0)).isEmpty();
  }

  @Test
  void aSubscriptionExpiresTheTtlAfterTheLaterOfFinishAndSubscription() {
    Instant finish = T0.plusSeconds(60);

    assertThat(policy.expiryOf(Optional.of(finish), T0))
        .contains(finish.plus(Duration.ofHours(24)));
    assertThat(policy.expiryOf(Optional.of(T0), finish))
        .contains(finish.plus(Duration.ofHours(24)));
  }

  @Test
  void theCutoffIsTheTtlBeforeNow() {
    assertThat(policy.expiryCutoff(T0)).isEqualTo(T0.minus(Duration.ofHours(24)));
  }

  @Test
  void rejectsANonPositiveTtlOrLimit() {
    assertThatThrownBy(() -> new SubscriptionPolicy(Duration.ZERO, 1))
        .isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> new SubscriptionPolicy(Duration.ofHours(1), 0))
        .isInstanceOf(InvalidValueException.class);
  }

  @Test
  void onlyCompletedAndFailedEventsAreTerminal() {
    assertThat(new LatestEvent("upload_completed", "{}", T0).isTerminal()).isTrue();
    assertThat(new LatestEvent("upload_failed", "{}", T0).isTerminal()).isTrue();
    assertThat(new LatestEvent("upload_progress", "{}", T0).isTerminal()).isFalse();
    assertThat(EventKind.ofAction("something_new")).isEqualTo(EventKind.OTHER);
  }
}
