package io.progressrelay.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.support.ApiResponse;
import io.progressrelay.adapter.in.web.support.TestRelay;
import io.progressrelay.application.port.out.ReadinessCheck;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
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

  @Test
  void aCheckThatHangsIsNotReadyAndTheProbeIsAnsweredWhileItHangs() throws Exception {
    var released = new CountDownLatch(1);
    var calls = new AtomicInteger();
    ReadinessCheck hanging =
        new ReadinessCheck() {
          @Override
          public String name() {
            return "postgres";
          }

          @Override
          public Result check() {
            calls.incrementAndGet();
            try {
              released.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return new Result("postgres", true, "answered at last");
          }
        };
    try (TestRelay relay =
        TestRelay.builder().readinessCheck(check("redis", true)).readinessCheck(hanging).start()) {
      ApiResponse first = relay.anonymous().get("/readyz");
      ApiResponse second = relay.anonymous().get("/readyz");

      assertThat(first.status()).isEqualTo(503);
      assertThat(first.json().path("checks").get(0).path("ready").asBoolean()).isTrue();
      assertThat(first.json().path("checks").get(1).path("detail").asText())
          .isEqualTo("no answer within 2000 ms");
      assertThat(second.status()).isEqualTo(503);
      assertThat(calls.get()).as("the second probe joins the check still running").isEqualTo(1);

      released.countDown();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> relay.anonymous().get("/readyz").status() == 200);
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
