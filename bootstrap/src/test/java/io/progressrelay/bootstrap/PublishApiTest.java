package io.progressrelay.bootstrap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.bootstrap.ApiClient.Answer;
import io.progressrelay.domain.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/publish...} end to end in pub/sub mode: the relay publishes on its Redis, its
 * own listener reads the event back and a subscribed WebSocket client receives it byte for byte.
 */
class PublishApiTest {
  private static final AtomicInteger IDS = new AtomicInteger();
  private static RelayUnderTest relay;
  private static String worker;

  @BeforeAll
  static void startRelay() {
    relay = new RelayUnderTest("PublishApiTest", Map.of("RELAY_MAX_EVENT_BYTES", "2048"));
    worker = relay.tokenFor("publisher", Role.SERVICE);
    await().atMost(Duration.ofSeconds(10)).until(relay.application()::listening);
  }

  @AfterAll
  static void stopRelay() {
    relay.close();
  }

  /** A new upload of {@code owner}, and a socket of the owner subscribed to it. */
  private static Subscribed subscribedUpload(String owner) {
    String upload = "pub-" + IDS.incrementAndGet();
    assertThat(
            relay
                .api
                .put("/api/uploads/" + upload, worker, "{\"ownerId\":\"" + owner + "\"}")
                .status())
        .isEqualTo(201);
    TestSocket socket = relay.socketFor(owner);
    socket.send("{\"action\":\"subscribe_upload\",\"upload_id\":\"" + upload + "\"}");
    assertThat(socket.nextFrame())
        .isEqualTo("{\"action\":\"subscribed\",\"upload_id\":\"" + upload + "\"}");
    return new Subscribed(upload, socket);
  }

  private record Subscribed(String upload, TestSocket socket) {}

  private static Answer publish(String path, String body, String... headers) {
    return relay.api.post(path, worker, body.getBytes(UTF_8), headers);
  }

  private static String uploadPrefix() {
    return relay.redisEnvironment().get("RELAY_REDIS_UPLOAD_PREFIX");
  }

  /** The next frame is {@code sentinel}, published now: nothing else arrived before it. */
  private static void nothingElseArrived(Subscribed s) {
    String sentinel = "{\"action\":\"sentinel\",\"n\":" + IDS.incrementAndGet() + "}";
    assertThat(publish("/api/publish/uploads/" + s.upload(), sentinel).status()).isEqualTo(202);
    assertThat(s.socket().nextFrame()).isEqualTo(sentinel);
  }

  @Test
  void anEventPublishedOverHttpReachesASubscribedSocketByteForByte() {
    Subscribed s = subscribedUpload("alice");
    String event =
        " {\"action\":\"upload_progress\", \"payload\":{\"upload_id\":7,\"note\":\"café ✓\"},"
            + "\"progress\":42}\n";

    Answer answer = publish("/api/publish/uploads/" + s.upload(), event);

    assertThat(answer.status()).as(answer.body()).isEqualTo(202);
    assertThat(answer.json().path("replayed").asBoolean()).isFalse();
    var published = answer.json().path("events").get(0);
    assertThat(published.path("channel").asText()).isEqualTo(uploadPrefix() + s.upload());
    assertThat(published.path("receivers").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(published.path("entryId").isNull()).isTrue();
    assertThat(s.socket().nextFrame()).isEqualTo(event);
    s.socket().close();
  }

  @Test
  void anEventPublishedThroughOneInstanceReachesASocketOnAnother() {
    Subscribed s = subscribedUpload("gina");
    try (RelayUnderTest other = relay.secondInstance()) {
      await().atMost(Duration.ofSeconds(10)).until(other.application()::listening);
      String event = "{\"action\":\"upload_progress\",\"via\":\"other\"}";

      Answer answer =
          other.api.post("/api/publish/uploads/" + s.upload(), worker, event.getBytes(UTF_8));

      assertThat(answer.status()).as(answer.body()).isEqualTo(202);
      assertThat(s.socket().nextFrame()).isEqualTo(event);
    }
    s.socket().close();
  }

  @Test
  void anEventForAUserReachesThatUsersSockets() {
    TestSocket socket = relay.socketFor("bob");
    String event = "{\"action\":\"batch_progress\",\"payload\":{\"batch_id\":\"b-1\"}}";

    Answer answer = publish("/api/publish/users/bob", event);

    assertThat(answer.status()).as(answer.body()).isEqualTo(202);
    assertThat(answer.json().path("events").get(0).path("channel").asText())
        .isEqualTo(relay.redisEnvironment().get("RELAY_REDIS_USER_PREFIX") + "bob");
    assertThat(socket.nextFrame()).isEqualTo(event);
    socket.close();
  }

  @Test
  void aBatchIsPublishedInOrderWithEachDataObjectAsSent() {
    Subscribed s = subscribedUpload("carol");
    List<String> data = new ArrayList<>();
    StringBuilder body = new StringBuilder("{\"events\":[");
    for (int i = 0; i < 50; i++) {
      String event = "{ \"action\" : \"upload_progress\",\"step\":" + i + ", \"x\":[1, 2] }";
      data.add(event);
      body.append(i == 0 ? "" : ",")
          .append("{\"channel\":\"upload:")
          .append(s.upload())
          .append("\", \"data\": ")
          .append(event)
          .append('}');
    }
    body.append("]}");

    Answer answer = publish("/api/publish", body.toString());

    assertThat(answer.status()).as(answer.body()).isEqualTo(202);
    assertThat(answer.json().path("events")).hasSize(50);
    for (String event : data) {
      assertThat(s.socket().nextFrame()).isEqualTo(event);
    }
    s.socket().close();
  }

  @Test
  void aRetryWithTheSameIdempotencyKeyAnswersTheSameAndPublishesNothing() {
    Subscribed s = subscribedUpload("dave");
    String key = UUID.randomUUID().toString();
    String event = "{\"action\":\"upload_completed\",\"upload_id\":\"" + s.upload() + "\"}";
    String path = "/api/publish/uploads/" + s.upload();

    Answer first = publish(path, event, "Idempotency-Key", key);
    Answer retry = publish(path, event, "Idempotency-Key", key);
    Answer otherBody = publish(path, "{\"action\":\"upload_failed\"}", "Idempotency-Key", key);

    assertThat(first.status()).isEqualTo(202);
    assertThat(retry.status()).isEqualTo(202);
    assertThat(retry.json().path("replayed").asBoolean()).isTrue();
    assertThat(retry.json().path("events")).isEqualTo(first.json().path("events"));
    assertThat(otherBody.status()).isEqualTo(422);
    assertThat(otherBody.errorCode()).isEqualTo("idempotency_key_reused");
    assertThat(otherBody.errorField()).isEqualTo("Idempotency-Key");
    assertThat(s.socket().nextFrame()).isEqualTo(event);
    nothingElseArrived(s);
    s.socket().close();
  }

  @Test
  void anotherCallerMayUseTheSameIdempotencyKey() {
    Subscribed s = subscribedUpload("erin");
    String key = UUID.randomUUID().toString();
    String admin = relay.tokenFor("an-admin", Role.ADMIN);
    String event = "{\"action\":\"upload_progress\",\"n\":1}";
    String path = "/api/publish/uploads/" + s.upload();

    assertThat(publish(path, event, "Idempotency-Key", key).status()).isEqualTo(202);
    Answer byAdmin = relay.api.post(path, admin, event.getBytes(UTF_8), "Idempotency-Key", key);

    assertThat(byAdmin.status()).isEqualTo(202);
    assertThat(byAdmin.json().path("replayed").asBoolean()).isFalse();
    assertThat(s.socket().nextFrame()).isEqualTo(event);
    assertThat(s.socket().nextFrame()).isEqualTo(event);
    s.socket().close();
  }

  @Test
  void aBatchWithOneBadEventIsRefusedNamingItAndPublishesNothing() {
    Subscribed s = subscribedUpload("frank");
    String channel = "\"channel\":\"upload:" + s.upload() + "\"";
    String body =
        "{\"events\":[{"
            + channel
            + ",\"data\":{\"action\":\"upload_progress\"}},{"
            + channel
            + ",\"data\":{\"action\":\"upload_progress\"}},{"
            + channel
            + ",\"data\":{\"action\":3}}]}";

    Answer answer = publish("/api/publish", body);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.errorCode()).isEqualTo("invalid_json");
    assertThat(answer.errorField()).isEqualTo("events[2].data");
    assertThat(answer.errorMessage()).contains("'action' is not a string");
    nothingElseArrived(s);
    s.socket().close();
  }

  @Test
  void invalidRequestsGetAJsonErrorNamingTheField() {
    String upload = "/api/publish/uploads/some-upload";
    assertError(publish(upload, "not json"), 400, "invalid_json", null);
    assertError(publish(upload, "{\"progress\":1}"), 400, "invalid_json", null);
    assertError(publish(upload, "[{\"action\":\"x\"}]"), 400, "invalid_json", null);
    assertError(publish(upload, "{\"action\":\"x\"} {}"), 400, "invalid_json", null);
    assertError(
        publish("/api/publish/uploads/not%20valid", "{\"action\":\"x\"}"),
        400,
        "invalid_value",
        "uploadId");
    assertError(
        publish("/api/publish/users/a!b", "{\"action\":\"x\"}"), 400, "invalid_value", "userId");
    assertError(
        relay.api.post(
            upload,
            worker,
            new byte[] {
              '{', '"', 'a', 'c', 't', 'i', 'o', 'n', '"', ':', '"', (byte) 0xC3, '"', '}'
            }),
        400,
        "invalid_json",
        null);
    assertError(
        publish(upload, "{\"action\":\"x\",\"pad\":\"" + "x".repeat(2048) + "\"}"),
        413,
        "payload_too_large",
        null);
    assertError(
        publish(upload, "{\"action\":\"x\"}", "Idempotency-Key", "has space"),
        400,
        "invalid_value",
        "Idempotency-Key");
    assertError(
        publish(upload, "{\"action\":\"x\"}", "Idempotency-Key", "k".repeat(129)),
        400,
        "invalid_value",
        "Idempotency-Key");
    assertError(publish("/api/publish", "{}"), 400, "invalid_json", "events");
    assertError(publish("/api/publish", "{\"events\":[]}"), 400, "invalid_value", "events");
    assertError(
        publish("/api/publish", "{\"events\":[{\"channel\":\"upload:x\"}]}"),
        400,
        "invalid_json",
        "events[0].data");
    assertError(
        publish("/api/publish", "{\"events\":[{\"channel\":\"upload:x\",\"data\":\"{}\"}]}"),
        400,
        "invalid_json",
        "events[0].data");
    assertError(
        publish(
            "/api/publish",
            "{\"events\":[{\"channel\":\"upload:x\",\"data\":{\"action\":\"a\"}},"
                + "{\"channel\":\"file:x\",\"data\":{\"action\":\"a\"}}]}"),
        400,
        "invalid_value",
        "events[1].channel");
    assertError(
        publish(
            "/api/publish",
            "{\"events\":[{\"channel\":\"upload:x\",\"data\":{\"action\":\"a\",\"pad\":\""
                + "x".repeat(2048)
                + "\"}}]}"),
        413,
        "payload_too_large",
        "events[0].data");
    String tooMany =
        "{\"events\":["
            + String.join(
                ",",
                java.util.Collections.nCopies(
                    1001, "{\"channel\":\"upload:x\",\"data\":{\"action\":\"a\"}}"))
            + "]}";
    assertError(publish("/api/publish", tooMany), 413, "too_many_entries", "events");
  }

  @Test
  void onlyServicesAndAdminsMayPublishAndAnonymousCallersAreRefusedFirst() {
    String user = relay.tokenFor("just-a-user");
    byte[] bad = "not json".getBytes(UTF_8);

    assertError(relay.api.post("/api/publish/uploads/u", user, bad), 403, "forbidden", null);
    assertError(relay.api.post("/api/publish", user, bad), 403, "forbidden", null);
    assertError(relay.api.post("/api/publish/users/u", null, bad), 401, "unauthorized", null);
    assertThat(
            relay
                .api
                .send(
                    "POST",
                    "/api/publish/uploads/u",
                    worker,
                    "text/plain",
                    java.net.http.HttpRequest.BodyPublishers.ofString("{\"action\":\"x\"}"))
                .status())
        .isEqualTo(415);
  }

  private static void assertError(Answer answer, int status, String code, String field) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.errorCode()).as(answer.body()).isEqualTo(code);
    assertThat(answer.errorField()).as(answer.body()).isEqualTo(field);
  }
}
