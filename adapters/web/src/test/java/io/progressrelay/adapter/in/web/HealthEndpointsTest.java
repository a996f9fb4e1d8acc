package io.progressrelay.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.adapter.in.web.support.ApiResponse;
import io.progressrelay.adapter.in.web.support.TestRelay;
import io.progressrelay.application.port.out.ReadinessCheck;
import org.junit.jupiter.api.Test;

class HealthEndpointsTest {
  @Test
  void healthzSaysUp() {
    try (TestRelay relay = TestRelay.start()) {
      ApiResponse response = relay.anonymous().get("/healthz");

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.json().path("status").asText()).isEqualTo("up");
    }
  }

  @Test
  void readyzIsReadyWhenEveryCheckPasses() {
    try (TestRelay relay = TestRelay.builder().readinessCheck(check("postgres", true)).start()) {
      ApiResponse response = relay.anonymous().get("/readyz");

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.json().path("status").asText()).isEqualTo("ready");
      assertThat(response.json().path("checks").get(0).path("name").asText()).isEqualTo("postgres");
      assertThat(response.json().path("checks").get(0).path("ready").asBoolean()).isTrue();
      assertThat(response.json().path("checks").get(0).path("detail").asText()).isEqualTo("ok");
    }
  }

  @Test
  void readyzIsUnavailableWhenAnyCheckFails() {
    try (TestRelay relay =
        TestRelay.builder()
            .readinessCheck(check("postgres", true))
            .readinessCheck(check("redis", false))
            .start()) {
      ApiResponse response = relay.anonymous().get("/readyz");

      assertThat(response.status()).isEqualTo(503);
      assertThat(response.json().path("status").asText()).isEqualTo("not_ready");
      assertThat(response.json().path("checks").get(1).path("ready").asBoolean()).isFalse();
    }
  }

  @Test
  void aCheckThatThrowsCountsAsNotReady() {
    ReadinessCheck throwing =
        new ReadinessCheck() {
          @Override
          public String name() {
            return "broken";
          }

          @Override
          public Result check() {
            throw new IllegalStateException("boom");
          }
        };
    try (TestRelay relay = TestRelay.builder().readinessCheck(throwing).start()) {
      ApiResponse response = relay.anonymous().get("/readyz");

      assertThat(response.status()).isEqualTo(503);
      assertThat(response.body()).doesNotContain("boom");
    }
  }

  private static ReadinessCheck check(String name, boolean ready) {
    return new ReadinessCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Result check() {
        return new Result(name, ready, ready ? "ok" : "connection refused");
      }
    };
  }
}
