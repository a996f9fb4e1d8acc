package io.progressrelay.adapter.in.web.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.progressrelay.domain.InvalidValueException;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebSocketSettingsTest {
  @Test
  void theDefaultsAreTheDocumentedOnes() {
    WebSocketSettings defaults = WebSocketSettings.defaults();

    assertThat(defaults.authTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.pingInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.idleTimeout()).isEqualTo(Duration.ofSeconds(75));
    assertThat(defaults.maxTextFrameBytes()).isEqualTo(4096);
    assertThat(defaults.framesPerSecond()).isEqualTo(20);
    assertThat(defaults.frameBurst()).isEqualTo(50);
    assertThat(defaults.allowedOrigins()).isEmpty();
  }

  @Test
  void anEmptyAllowListAllowsEveryOrigin() {
    assertThat(WebSocketSettings.defaults().allowsOrigin("https://anything.example")).isTrue();
  }

  @Test
  void originsCompareWithoutCaseOrTrailingSlash() {
    WebSocketSettings settings =
        WebSocketSettings.defaults().withAllowedOrigins(Set.of("https://App.example.com/"));

    assertThat(settings.allowsOrigin("https://app.example.com")).isTrue();
    assertThat(settings.allowsOrigin("https://app.example.com.evil.io")).isFalse();
    assertThat(settings.allowsOrigin("http://app.example.com")).isFalse();
    assertThat(settings.allowsOrigin(null)).isTrue();
  }

  @Test
  void aNonPositiveDurationIsRejectedNamingTheField() {
    assertThatThrownBy(() -> WebSocketSettings.defaults().withIdleTimeout(Duration.ZERO))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("idleTimeout");
  }

  @Test
  void aZeroRateIsRejected() {
    assertThatThrownBy(() -> WebSocketSettings.defaults().withRateLimit(0, 10))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("framesPerSecond");
  }
}
