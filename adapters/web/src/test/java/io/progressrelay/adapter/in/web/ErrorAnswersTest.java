package io.progressrelay.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.adapter.in.web.support.ApiClient;
import io.progressrelay.adapter.in.web.support.ApiResponse;
import io.progressrelay.adapter.in.web.support.TestRelay;
import io.progressrelay.domain.Role;
import io.progressrelay.domain.SubscriptionPolicy;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

// One server for the class: a graceful stop waits about a second for idle keep-alive connections.
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorAnswersTest {
  private static final long MAX_BODY = 1024;

  private TestRelay relay;
  private ApiClient backend;
  private ApiClient alice;

  @BeforeAll
  void startRelay() {
    relay =
        TestRelay.builder()
            .maxBodyBytes(MAX_BODY)
            .policy(new SubscriptionPolicy(Duration.ofHours(1), 1))
            .component(
                config ->
                    config.routes.get(
                        "/boom",
                        ctx -> {
                          throw new IllegalStateException("secret internals");
                        }))
            .start();
    backend = relay.as("backend", Role.SERVICE);
    alice = relay.as("alice");
    assertThat(backend.put("/api/uploads/u1", "{\"ownerId\":\"alice\"}").status()).isEqualTo(201);
  }

  @AfterAll
  void stopRelay() {
    relay.close();
  }

  @Test
  void aUserWithoutTheServiceRoleIsForbiddenToRegister() {
    ApiResponse response = alice.put("/api/uploads/forbidden", "{\"ownerId\":\"alice\"}");

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.errorCode()).isEqualTo("forbidden");
  }

  @Test
  void aStrangerAndAnUnknownIdGetIdenticalNotFoundAnswers() {
    ApiResponse stranger = relay.as("mallory").get("/api/uploads/u1");
    ApiResponse unknown = alice.get("/api/uploads/never-registered");

    assertThat(stranger.status()).isEqualTo(404);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(stranger.body().replace("u1", "ID"))
        .isEqualTo(unknown.body().replace("never-registered", "ID"));
    assertThat(stranger.errorCode()).isEqualTo("not_found");
  }

  @Test
  void aPathJettysUriRulesRefuseGetsTheApisJsonErrorNotJettysHtmlPage() {
    ApiResponse response = alice.get("/api/uploads/a%00b");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.header("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(response.errorCode()).isEqualTo("bad_request");
    assertThat(response.body()).doesNotContain("<").doesNotContain("%00");
  }

  @Test
  void aRequestLineJettyCannotParseGetsTheApisJsonError() throws Exception {
    try (var socket = new Socket(relay.baseUri().getHost(), relay.baseUri().getPort())) {
      socket
          .getOutputStream()
          .write("GET /\u0001 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      String answer =
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

      assertThat(answer).startsWith("HTTP/1.1 400 ");
      assertThat(answer).containsIgnoringCase("content-type: application/json");
      assertThat(answer).contains("{\"error\":{\"code\":\"bad_request\"").doesNotContain("<html");
    }
  }

  @Test
  void anInvalidIdInThePathIsRejectedNamingTheField() {
    ApiResponse response = alice.get("/api/uploads/not%20valid");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("invalid_value");
    assertThat(response.errorField()).isEqualTo("uploadId");
  }

  @Test
  void anInvalidIdInTheBodyIsRejectedNamingTheField() {
    ApiResponse response = backend.put("/api/uploads/u2", "{\"ownerId\":\"no spaces\"}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("invalid_value");
    assertThat(response.errorField()).isEqualTo("ownerId");
  }

  @Test
  void malformedJsonIsRejected() {
    ApiResponse response = backend.put("/api/uploads/u2", "{\"ownerId\":");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("invalid_json");
  }

  @Test
  void aMissingFieldIsRejectedAsInvalidJsonNamingTheField() {
    ApiResponse response = backend.put("/api/uploads/u2", "{\"owner\":\"alice\"}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("invalid_json");
    assertThat(response.errorField()).isEqualTo("ownerId");
  }

  @Test
  void aFieldOfTheWrongTypeIsRejectedAsInvalidJsonNamingTheField() {
    ApiResponse response = backend.put("/api/uploads/u2", "{\"ownerId\":42}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("invalid_json");
    assertThat(response.errorField()).isEqualTo("ownerId");
  }

  @Test
  void aBodyThatIsNotAnObjectIsRejectedAsInvalidJson() {
    ApiResponse response = backend.put("/api/uploads/u2", "[\"alice\"]");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("invalid_json");
  }

  @Test
  void registeringAnUploadOwnedBySomeoneElseIsAConflict() {
    ApiResponse response = backend.put("/api/uploads/u1", "{\"ownerId\":\"bob\"}");

    assertThat(response.status()).isEqualTo(409);
    assertThat(response.errorCode()).isEqualTo("owner_conflict");
  }

  @Test
  void subscribingBeyondTheLimitIsAConflict() {
    backend.put("/api/uploads/limit-1", "{\"ownerId\":\"carol\"}");
    backend.put("/api/uploads/limit-2", "{\"ownerId\":\"carol\"}");
    ApiClient carol = relay.as("carol");
    assertThat(carol.post("/api/uploads/limit-1/subscription").status()).isEqualTo(201);

    ApiResponse response = carol.post("/api/uploads/limit-2/subscription");

    assertThat(response.status()).isEqualTo(409);
    assertThat(response.errorCode()).isEqualTo("subscription_limit");
  }

  @Test
  void aBodyDeclaredLargerThanTheLimitIsRejected() {
    String big = "{\"ownerId\":\"alice\",\"padding\":\"" + "x".repeat((int) MAX_BODY) + "\"}";

    ApiResponse response = backend.put("/api/uploads/u2", big);

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.errorCode()).isEqualTo("payload_too_large");
  }

  @Test
  void aChunkedBodyLargerThanTheLimitIsRejected() {
    byte[] big =
        ("{\"ownerId\":\"alice\",\"padding\":\"" + "x".repeat(4 * (int) MAX_BODY) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    var request =
        backend
            .request("/api/uploads/u2")
            .header("Content-Type", "application/json")
            .PUT(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));

    ApiResponse response = backend.send(request);

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.errorCode()).isEqualTo("payload_too_large");
  }

  @Test
  void aChunkedBodyWithinTheLimitIsAccepted() {
    byte[] small = "{\"ownerId\":\"alice\"}".getBytes(StandardCharsets.UTF_8);
    var request =
        backend
            .request("/api/uploads/chunked")
            .header("Content-Type", "application/json")
            .PUT(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(small)));

    assertThat(backend.send(request).status()).isEqualTo(201);
  }

  @Test
  void aBodyThatIsNotDeclaredAsJsonIsUnsupported() {
    var request =
        backend
            .request("/api/uploads/u2")
            .header("Content-Type", "text/plain")
            .PUT(BodyPublishers.ofString("{\"ownerId\":\"alice\"}"));

    ApiResponse response = backend.send(request);

    assertThat(response.status()).isEqualTo(415);
    assertThat(response.errorCode()).isEqualTo("unsupported_media_type");
  }

  @Test
  void aBodyWithoutContentTypeIsUnsupported() {
    var request =
        backend.request("/api/uploads/u2").PUT(BodyPublishers.ofString("{\"ownerId\":\"alice\"}"));

    assertThat(backend.send(request).status()).isEqualTo(415);
  }

  @Test
  void jsonWithAUtf8CharsetParameterIsAccepted() {
    var request =
        backend
            .request("/api/uploads/with-charset")
            .header("Content-Type", "application/json; charset=UTF-8")
            .PUT(BodyPublishers.ofString("{\"ownerId\":\"alice\"}"));

    assertThat(backend.send(request).status()).isEqualTo(201);
  }

  @Test
  void anUnknownRouteIsNotFound() {
    ApiResponse api = alice.get("/api/nothing-here");
    ApiResponse outside = relay.anonymous().get("/nothing-here");

    assertThat(api.status()).isEqualTo(404);
    assertThat(api.errorCode()).isEqualTo("not_found");
    assertThat(outside.status()).isEqualTo(404);
    assertThat(outside.errorCode()).isEqualTo("not_found");
  }

  @Test
  void aMethodARouteDoesNotTakeIsNotAllowed() {
    ApiResponse response = alice.delete("/api/subscriptions");

    assertThat(response.status()).isEqualTo(405);
    assertThat(response.errorCode()).isEqualTo("method_not_allowed");
  }

  @Test
  void anUnexpectedFailureIsAnInternalErrorThatLeaksNothing() {
    ApiResponse response = relay.anonymous().get("/boom");

    assertThat(response.status()).isEqualTo(500);
    assertThat(response.errorCode()).isEqualTo("internal");
    assertThat(response.body()).doesNotContain("secret internals", "IllegalStateException");
  }
}
