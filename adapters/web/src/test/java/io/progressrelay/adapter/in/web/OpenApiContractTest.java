package io.progressrelay.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.progressrelay.adapter.in.web.auth.JwtAuthenticator;
import io.progressrelay.adapter.in.web.auth.JwtKeys;
import io.progressrelay.adapter.in.web.socket.ClientSocketEndpoint;
import io.progressrelay.adapter.in.web.socket.V1SocketOptions;
import io.progressrelay.adapter.in.web.socket.WebSocketSettings;
import io.progressrelay.adapter.in.web.sse.EventStreamEndpoint;
import io.progressrelay.adapter.in.web.support.ApiClient;
import io.progressrelay.adapter.in.web.support.ApiResponse;
import io.progressrelay.adapter.in.web.support.MutableClock;
import io.progressrelay.adapter.in.web.support.OpenApiContract;
import io.progressrelay.adapter.in.web.support.TestRelay;
import io.progressrelay.adapter.out.memory.InMemoryGrantRepository;
import io.progressrelay.adapter.out.memory.InMemoryStore;
import io.progressrelay.adapter.out.memory.InMemorySubscriberDirectory;
import io.progressrelay.adapter.out.memory.InMemorySubscriptionRepository;
import io.progressrelay.adapter.out.memory.InMemoryUploadRepository;
import io.progressrelay.application.port.out.AudienceChangeSink;
import io.progressrelay.application.port.out.publish.EventPublisher;
import io.progressrelay.application.port.out.publish.IdempotencyStore;
import io.progressrelay.application.service.RelayServices;
import io.progressrelay.application.service.fanout.ContinuitySettings;
import io.progressrelay.application.service.fanout.FanOutEngine;
import io.progressrelay.application.service.fanout.FanOutSettings;
import io.progressrelay.application.service.publish.EventPublishingService;
import io.progressrelay.domain.Role;
import io.progressrelay.domain.SubscriptionPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document against the relay: it is served, it lists exactly the routes the router
 * serves, and the checker every {@code ApiClient} applies rejects an answer that breaks it.
 */
class OpenApiContractTest {
  private static final String OAS_31_SCHEMA = "openapi/oas-3.1-schema-2022-10-07.json";
  // The event stream's handler sits in front of the router, which cannot list it: added by hand.
  private static final List<String> IN_FRONT_OF_THE_ROUTER =
      List.of("GET " + EventStreamEndpoint.PATH, "OPTIONS " + EventStreamEndpoint.PATH);

  @Test
  void theDocumentIsServedWithoutATokenAndMayBeCached() throws IOException {
    try (TestRelay relay = TestRelay.start()) {
      ApiResponse response = relay.anonymous().get(OpenApiRoutes.PATH);

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/yaml"));
      assertThat(response.header("Cache-Control")).contains(OpenApiRoutes.CACHE_CONTROL);
      assertThat(response.body()).isEqualTo(resource());
      String etag = response.header("ETag").orElseThrow();
      ApiResponse again =
          relay
              .anonymous()
              .send(relay.anonymous().request(OpenApiRoutes.PATH).header("If-None-Match", etag));
      assertThat(again.status()).isEqualTo(304);
    }
  }

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute() {
    try (TestRelay relay =
        TestRelay.builder()
            .component(new MetricsRoutes(() -> "", Optional.empty()))
            .component(publishRoutes())
            .component(socketEndpoint())
            .start()) {
      var served = new TreeSet<>(relay.server().routes());
      served.addAll(IN_FRONT_OF_THE_ROUTER);

      var documented = OpenApiContract.get().operations();

      assertThat(served).as("served but not documented").isSubsetOf(documented);
      assertThat(documented).as("documented but not served").isSubsetOf(served);
    }
  }

  @Test
  void theDocumentIsValidOpenApi31() throws IOException {
    // The OpenAPI Initiative's schema of 3.1 documents (2022-10-07, Apache-2.0), kept as a test
    // resource so that the build fetches nothing.
    Schema oas;
    try (InputStream in =
        OpenApiContractTest.class.getClassLoader().getResourceAsStream(OAS_31_SCHEMA)) {
      oas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
    }

    List<Error> errors = oas.validate(OpenApiContract.get().document());

    assertThat(errors).isEmpty();
  }

  @Test
  void everyComponentSchemaLoads() {
    var contract = OpenApiContract.get();
    contract
        .document()
        .path("components")
        .path("schemas")
        .fieldNames()
        .forEachRemaining(
            name ->
                assertThat(contract.schema("#/components/schemas/" + name)).as(name).isNotNull());
  }

  @Test
  void theWebSocketPathsAndTheMetricsAnswerAsDocumented() {
    try (TestRelay relay =
        TestRelay.builder()
            .component(new MetricsRoutes(() -> "relay_up 1.0\n", Optional.of("scrape-token")))
            .component(socketEndpoint())
            .start()) {
      // Each answer is checked against the document by the client.
      assertThat(relay.anonymous().get(ClientSocketEndpoint.API_PATH).status()).isEqualTo(426);
      assertThat(relay.anonymous().get(ClientSocketEndpoint.PATH).status()).isEqualTo(426);
      assertThat(relay.anonymous().get(MetricsRoutes.PATH).status()).isEqualTo(401);
      ApiResponse scrape = new ApiClient(relay.baseUri(), "scrape-token").get(MetricsRoutes.PATH);
      assertThat(scrape.status()).isEqualTo(200);
      assertThat(scrape.body()).contains("relay_up");
    }
  }

  @Test
  void thePublishRoutesAnswerAsDocumentedOnARelayWithoutRedis() {
    try (TestRelay relay = TestRelay.builder().component(publishRoutes()).start()) {
      String event = "{\"action\":\"upload_progress\",\"progress\":40}";
      // Each answer is checked against the document by the client; the 202s are checked by the
      // end-to-end publish tests against a real Redis.
      assertThat(relay.anonymous().post("/api/publish/uploads/up-1", event).status())
          .isEqualTo(401);
      assertThat(relay.as("alice").post("/api/publish/users/alice", event).status()).isEqualTo(403);
      ApiResponse unavailable =
          relay.as("worker", Role.SERVICE).post("/api/publish/uploads/up-1", event);
      assertThat(unavailable.status()).isEqualTo(503);
      assertThat(unavailable.errorCode()).isEqualTo("redis_unavailable");
      ApiResponse badChannel =
          relay
              .as("worker", Role.SERVICE)
              .post(
                  "/api/publish", "{\"events\":[{\"channel\":\"room:1\",\"data\":" + event + "}]}");
      assertThat(badChannel.status()).isEqualTo(400);
      assertThat(relay.as("worker", Role.SERVICE).post("/api/publish", "{\"events\":[]}").status())
          .isEqualTo(400);
    }
  }

  @Test
  void anAnswerThatBreaksTheDocumentFailsNamingPathStatusAndSchema() {
    var contract = OpenApiContract.get();
    var json = HttpHeaders.of(Map.of("Content-Type", List.of("application/json")), (a, b) -> true);

    assertThatThrownBy(
            () -> contract.check("GET", "/api/uploads/up-1", 200, json, "{\"uploadId\":\"up-1\"}"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("GET /api/uploads/up-1 answered 200")
        .hasMessageContaining("#/components/schemas/Upload")
        .hasMessageContaining("ownerId");
    assertThatThrownBy(() -> contract.check("GET", "/api/subscriptions", 418, json, "{}"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("GET /api/subscriptions answered 418")
        .hasMessageContaining("does not document");
    assertThatThrownBy(
            () ->
                contract.check(
                    "DELETE",
                    "/api/uploads/up-1",
                    404,
                    json,
                    "{\"error\":{\"code\":\"forbidden\",\"message\":\"no\"}}"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("NotFoundError");
    assertThatThrownBy(
            () ->
                contract.check(
                    "GET",
                    "/api/subscriptions",
                    401,
                    json,
                    "{\"error\":{\"code\":\"unauthorized\",\"message\":\"no token\"}}"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("WWW-Authenticate");
  }

  @Test
  void anAcceptedRequestBodyThatBreaksTheDocumentFails() {
    var contract = OpenApiContract.get();

    assertThatThrownBy(
            () -> contract.checkAcceptedRequest("PUT", "/api/uploads/up-1", 201, "{\"owner\":1}"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("PUT /api/uploads/up-1 request")
        .hasMessageContaining("#/components/schemas/RegistrationRequest")
        .hasMessageContaining("ownerId");
    // A refused body is what a test of refusals sends on purpose.
    contract.checkAcceptedRequest("PUT", "/api/uploads/up-1", 400, "{\"owner\":1}");
  }

  private static PublishRoutes publishRoutes() {
    return new PublishRoutes(
        new EventPublishingService(
            EventPublisher.NONE, IdempotencyStore.NONE, Duration.ofHours(24)),
        1 << 20);
  }

  private static ClientSocketEndpoint socketEndpoint() {
    var clock = new MutableClock(Instant.parse("2030-01-01T12:00:00Z"));
    var store = new InMemoryStore();
    var uploads = new InMemoryUploadRepository(store);
    var services =
        RelayServices.create(
            uploads,
            new InMemoryGrantRepository(store),
            new InMemorySubscriptionRepository(store),
            SubscriptionPolicy.DEFAULT,
            clock,
            AudienceChangeSink.NONE);
    var engine =
        new FanOutEngine(
            FanOutSettings.DEFAULT,
            ContinuitySettings.DEFAULT,
            new InMemorySubscriberDirectory(store),
            uploads,
            SubscriptionPolicy.DEFAULT,
            clock,
            null);
    return new ClientSocketEndpoint(
        WebSocketSettings.defaults(),
        V1SocketOptions.DEFAULT,
        new JwtAuthenticator(JwtKeys.hmac(TestRelay.SECRET), clock),
        engine,
        services.subscriptions(),
        services.subscriptions(),
        clock);
  }

  private static String resource() throws IOException {
    try (InputStream in =
        OpenApiContractTest.class.getClassLoader().getResourceAsStream(OpenApiContract.RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
