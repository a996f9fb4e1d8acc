package io.progressrelay.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.progressrelay.adapter.in.web.support.ApiClient;
import io.progressrelay.adapter.in.web.support.ApiResponse;
import io.progressrelay.adapter.in.web.support.TestRelay;
import io.progressrelay.domain.Role;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubscriptionEndpointsTest {
  private TestRelay relay;
  private ApiClient backend;

  @BeforeAll
  void startRelay() {
    relay = TestRelay.start();
    backend = relay.as("backend", Role.SERVICE);
  }

  @AfterAll
  void stopRelay() {
    relay.close();
  }

  @Test
  void subscribingCreatesOnceAndUnsubscribingIsIdempotent() {
    ApiClient dana = relay.as("dana");
    backend.put("/api/uploads/s-1", "{\"ownerId\":\"dana\"}");

    ApiResponse first = dana.post("/api/uploads/s-1/subscription");
    ApiResponse again = dana.post("/api/uploads/s-1/subscription");

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.json().path("uploadId").asText()).isEqualTo("s-1");
    assertThat(first.json().path("subscribed").asBoolean()).isTrue();
    assertThat(first.json().path("created").asBoolean()).isTrue();
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("created").asBoolean()).isFalse();
    assertThat(dana.delete("/api/uploads/s-1/subscription").status()).isEqualTo(204);
    assertThat(dana.delete("/api/uploads/s-1/subscription").status()).isEqualTo(204);
    assertThat(dana.get("/api/subscriptions").json().path("items")).isEmpty();
  }

  @Test
  void aStrangerCannotSubscribe() {
    backend.put("/api/uploads/s-2", "{\"ownerId\":\"dana\"}");

    assertThat(relay.as("eve").post("/api/uploads/s-2/subscription").status()).isEqualTo(404);
  }

  @Test
  void subscriptionsArePagedNewestFirstWithAnOpaqueCursor() {
    ApiClient erin = relay.as("erin");
    for (int i = 1; i <= 5; i++) {
      backend.put("/api/uploads/p-" + i, "{\"ownerId\":\"erin\"}");
      erin.post("/api/uploads/p-" + i + "/subscription");
      relay.clock().advance(Duration.ofSeconds(1));
    }

    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      String query =
          cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
      JsonNode page = erin.get("/api/subscriptions?limit=2" + query).json();
      page.path("items").forEach(item -> seen.add(item.path("uploadId").asText()));
      cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
      pages++;
    } while (cursor != null);

    assertThat(seen).containsExactly("p-5", "p-4", "p-3", "p-2", "p-1");
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void aSubscriptionToAFinishedUploadShowsWhenItExpires() {
    ApiClient fay = relay.as("fay");
    backend.put("/api/uploads/x-1", "{\"ownerId\":\"fay\"}");
    backend.put("/api/uploads/x-2", "{\"ownerId\":\"fay\"}");
    fay.post("/api/uploads/x-1/subscription");
    relay.clock().advance(Duration.ofSeconds(1));
    fay.post("/api/uploads/x-2/subscription");
    relay.recordEvent("x-2", "upload_failed", "{}");

    JsonNode page = fay.get("/api/subscriptions").json();

    JsonNode finished = page.path("items").get(0);
    JsonNode running = page.path("items").get(1);
    assertThat(finished.path("uploadId").asText()).isEqualTo("x-2");
    assertThat(finished.path("expiresAt").isTextual()).isTrue();
    assertThat(running.path("uploadId").asText()).isEqualTo("x-1");
    assertThat(running.has("expiresAt")).isTrue();
    assertThat(running.path("expiresAt").isNull()).isTrue();
    assertThat(running.path("subscribedAt").isTextual()).isTrue();
    assertThat(page.path("nextCursor").isNull()).isTrue();
  }

  @Test
  void aLimitThatIsNotAnIntegerIsRejectedNamingIt() {
    ApiResponse response = relay.as("gil").get("/api/subscriptions?limit=ten");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("invalid_value");
    assertThat(response.errorField()).isEqualTo("limit");
  }

  @Test
  void aLimitOutOfRangeIsRejectedNamingIt() {
    assertThat(relay.as("gil").get("/api/subscriptions?limit=0").errorField()).isEqualTo("limit");
    assertThat(relay.as("gil").get("/api/subscriptions?limit=1001").errorField())
        .isEqualTo("limit");
    assertThat(relay.as("gil").get("/api/subscriptions?limit=1000").status()).isEqualTo(200);
  }

  @Test
  void aCursorThisApiDidNotIssueIsRejectedNamingIt() {
    ApiResponse response = relay.as("gil").get("/api/subscriptions?cursor=garbage");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorField()).isEqualTo("cursor");
  }
}
