package io.progressrelay.adapter.in.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.progressrelay.adapter.out.redis.RedisNodeId;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisListenerSettingsTest {
  private final RedisListenerSettings defaults = RedisListenerSettings.defaults();

  @Test
  void defaultsToTheChannelsTheUploadWorkersUse() {
    assertThat(defaults.uploadPrefix()).isEqualTo("upload:");
    assertThat(defaults.userPrefix()).isEqualTo("user:");
    assertThat(defaults.controlChannel()).isEqualTo("progress-relay:control");
    assertThat(defaults.maxPayloadBytes()).isEqualTo(256 * 1024);
    assertThat(defaults.initialBackoff()).isEqualTo(Duration.ofMillis(100));
    assertThat(defaults.maxBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(defaults.patterns()).containsExactly("upload:*", "user:*", "progress-relay:control");
  }

  @Test
  void escapesGlobCharactersSoTheControlChannelIsMatchedExactly() {
    var settings = defaults.withPrefixes("up[1]:", "us?:").withControlChannel("ctl*\\");

    assertThat(settings.patterns()).containsExactly("up\\[1\\]:*", "us\\?:*", "ctl\\*\\\\");
  }

  @Test
  void rejectsPrefixesThatWouldDeliverAMessageTwice() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> defaults.withPrefixes("u", "user:"))
        .withMessageContaining("prefixes of each other");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> defaults.withControlChannel("upload:control"))
        .withMessageContaining("'controlChannel'");
  }

  @Test
  void rejectsBlankOrSpacedNamesAndOutOfRangeLimits() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> defaults.withPrefixes("", "user:"))
        .withMessageContaining("'uploadPrefix'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> defaults.withControlChannel("my control"))
        .withMessageContaining("'controlChannel'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> defaults.withMaxPayloadBytes(0))
        .withMessageContaining("'maxPayloadBytes'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> defaults.withBackoff(Duration.ZERO, Duration.ofSeconds(1)))
        .withMessageContaining("'initialBackoff'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> defaults.withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .withMessageContaining("'maxBackoff'");
  }

  @Test
  void nodeIdsAreRandomPerProcessAndRestrictedToSafeCharacters() {
    assertThat(RedisNodeId.random()).isNotEqualTo(RedisNodeId.random());
    assertThatIllegalArgumentException().isThrownBy(() -> new RedisNodeId("a b"));
  }
}
