package io.progressrelay.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.progressrelay.adapter.in.web.support.ApiClient;
import io.progressrelay.adapter.in.web.support.ApiResponse;
import io.progressrelay.adapter.in.web.support.TestRelay;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GracefulStopTest {
  @Test
  void closingLetsARequestInFlightFinishAndThenRefusesConnections() throws Exception {
    var entered = new CountDownLatch(1);
    TestRelay relay =
        TestRelay.builder()
            .stopTimeout(Duration.ofSeconds(5))
            .component(slowRoute(entered, 1500))
            .start();
    // "/slow" is this test's own route, which the OpenAPI document does not list.
    ApiClient client = relay.anonymous().withoutContract();
    CompletableFuture<ApiResponse> inFlight =
        CompletableFuture.supplyAsync(() -> client.get("/slow"));
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

    relay.close();

    ApiResponse response = inFlight.get(5, TimeUnit.SECONDS);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("done");
    assertThatThrownBy(() -> client.get("/healthz")).isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void closingGivesUpOnRequestsThatOutlastTheStopTimeout() throws Exception {
    var entered = new CountDownLatch(1);
    TestRelay relay =
        TestRelay.builder()
            .stopTimeout(Duration.ofMillis(300))
            .component(slowRoute(entered, 20_000))
            .start();
    CompletableFuture.runAsync(() -> relay.anonymous().withoutContract().get("/slow"));
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

    long started = System.nanoTime();
    relay.close();

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void closingTwiceIsHarmless() {
    TestRelay relay = TestRelay.start();
    relay.close();
    relay.close();
  }

  private static WebComponent slowRoute(CountDownLatch entered, long millis) {
    return config ->
        config.routes.get(
            "/slow",
            ctx -> {
              entered.countDown();
              Thread.sleep(millis);
              ctx.result("done");
            });
  }
}
