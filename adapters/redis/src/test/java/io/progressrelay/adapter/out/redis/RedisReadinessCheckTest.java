package io.progressrelay.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisReadinessCheckTest {

  @Test
  void isReadyWhenRedisAnswersPing() {
    var result = new RedisReadinessCheck(TestRedis.settings()).check();

    assertThat(result.ready()).isTrue();
    assertThat(result.name()).isEqualTo("redis");
  }

  @Test
  void isNotReadyAndSaysWhyWhenNothingListens() {
    var nowhere = new RedisSettings(URI.create("redis://127.0.0.1:1"), Duration.ofMillis(500));

    var result = new RedisReadinessCheck(nowhere).check();

    assertThat(result.ready()).isFalse();
    assertThat(result.detail()).startsWith("cannot reach Redis at 127.0.0.1:1");
  }

  @Test
  void neverRevealsThePasswordInTheURL() {
    var secret =
        new RedisSettings(URI.create("redis://user:s3cret@127.0.0.1:1"), Duration.ofMillis(500));

    assertThat(new RedisReadinessCheck(secret).check().detail()).doesNotContain("s3cret");
  }
}
