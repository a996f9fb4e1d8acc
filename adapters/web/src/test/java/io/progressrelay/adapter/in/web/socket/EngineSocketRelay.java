package io.progressrelay.adapter.in.web.socket;

import io.progressrelay.adapter.in.web.ApiUseCases;
import io.progressrelay.adapter.in.web.CatchUpPlanner;
import io.progressrelay.adapter.in.web.WebServer;
import io.progressrelay.adapter.in.web.WebServerSettings;
import io.progressrelay.adapter.in.web.auth.JwtAuthenticator;
import io.progressrelay.adapter.in.web.auth.JwtIssuer;
import io.progressrelay.adapter.in.web.auth.JwtKeys;
import io.progressrelay.adapter.in.web.support.ApiClient;
import io.progressrelay.adapter.in.web.support.MutableClock;
import io.progressrelay.adapter.in.web.support.TestRelay;
import io.progressrelay.adapter.out.memory.InMemoryGrantRepository;
import io.progressrelay.adapter.out.memory.InMemoryStore;
import io.progressrelay.adapter.out.memory.InMemorySubscriberDirectory;
import io.progressrelay.adapter.out.memory.InMemorySubscriptionRepository;
import io.progressrelay.adapter.out.memory.InMemoryUploadRepository;
import io.progressrelay.application.service.RelayServices;
import io.progressrelay.application.service.fanout.ContinuitySettings;
import io.progressrelay.application.service.fanout.FanOutEngine;
import io.progressrelay.application.service.fanout.FanOutSettings;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.ProgressEvent;
import io.progressrelay.domain.Role;
import io.progressrelay.domain.SubscriptionPolicy;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UploadRegistration;
import io.progressrelay.domain.UserId;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The web server with the WebSocket endpoint and the REST API wired to the real fan-out engine and
 * the real subscription services over in-memory repositories, as the relay wires them: a
 * subscription made over either reaches the engine at once. Events are handed to the engine as the
 * Redis listener would hand them over.
 */
final class EngineSocketRelay implements AutoCloseable {
  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T12:00:00Z"));
  private final JwtIssuer issuer = new JwtIssuer(TestRelay.SECRET, clock);
  private final RelayServices services;
  private final FanOutEngine engine;
  private final WebServer server;

  EngineSocketRelay(V1SocketOptions v1Options) {
    this(v1Options, FanOutSettings.DEFAULT);
  }

  /** As above, with the engine's limits and delivery threads set by {@code fanOut}. */
  EngineSocketRelay(V1SocketOptions v1Options, FanOutSettings fanOut) {
    this(v1Options, fanOut, ContinuitySettings.DEFAULT);
  }

  /** As above, keeping what {@code continuity} asks for clients that resume. */
  EngineSocketRelay(
      V1SocketOptions v1Options, FanOutSettings fanOut, ContinuitySettings continuity) {
    var store = new InMemoryStore();
    var uploads = new InMemoryUploadRepository(store);
    var subscriptions = new InMemorySubscriptionRepository(store);
    this.engine =
        new FanOutEngine(
            fanOut,
            continuity,
            new InMemorySubscriberDirectory(store),
            uploads,
            SubscriptionPolicy.DEFAULT,
            clock,
            null);
    this.services =
        RelayServices.create(
            uploads,
            new InMemoryGrantRepository(store),
            subscriptions,
            SubscriptionPolicy.DEFAULT,
            clock,
            engine::applyCommitted);
    var authenticator = new JwtAuthenticator(JwtKeys.hmac(TestRelay.SECRET), clock);
    var endpoint =
        new ClientSocketEndpoint(
            WebSocketSettings.defaults(),
            v1Options,
            authenticator,
            engine,
            services.subscriptions(),
            services.subscriptions(),
            new CatchUpPlanner(services.subscriptions(), CatchUpPlanner.DEFAULT_LIMIT),
            clock);
    this.server =
        new WebServer(
                WebServerSettings.onPort(0)
                    .withHost("127.0.0.1")
                    .withStopTimeout(Duration.ofSeconds(2)),
                ApiUseCases.of(
                    services.registration(),
                    services.uploads(),
                    services.grants(),
                    services.subscriptions()),
                authenticator,
                List.of(),
                List.of(endpoint))
            .start();
  }

  /** A socket of the old relay's protocol, authenticated as {@code userId}. */
  TestSocket openAs(String userId) {
    return authenticated(TestSocket.open(socketUri(), Map.of()), userId);
  }

  /** A socket speaking progress-relay.v2, authenticated as {@code userId}. */
  TestSocket openV2As(String userId) {
    return authenticated(
        TestSocket.open(socketUri(), Map.of(), List.of(SocketRelay.V2_SUBPROTOCOL)), userId);
  }

  /**
   * A socket speaking progress-relay.v3, authenticated as {@code userId} with an auth frame
   * resuming from {@code since} (null for none); the frames after auth_success are its catch-up.
   */
  TestSocket openV3As(String userId, String since) {
    TestSocket socket = TestSocket.open(socketUri(), Map.of(), List.of(SocketRelay.V3_SUBPROTOCOL));
    socket.send(v3AuthFrame(userId, since));
    return expectingAuthSuccess(socket);
  }

  /**
   * As {@link #openV3As}, with a {@code since} that is not a position, which the contract forbids:
   * the frame goes out unchecked, to test the relay's answer.
   */
  TestSocket openV3WithMalformedSince(String userId, String since) {
    TestSocket socket = TestSocket.open(socketUri(), Map.of(), List.of(SocketRelay.V3_SUBPROTOCOL));
    socket.sendUnchecked(v3AuthFrame(userId, since));
    return expectingAuthSuccess(socket);
  }

  private String v3AuthFrame(String userId, String since) {
    return since == null
        ? SocketRelay.authFrame(token(userId))
        : "{\"type\":\"auth\",\"token\":\"" + token(userId) + "\",\"since\":\"" + since + "\"}";
  }

  private static TestSocket expectingAuthSuccess(TestSocket socket) {
    String success = socket.nextFrame();
    if (!success.contains("auth_success")) {
      throw new AssertionError("expected auth_success, got " + success);
    }
    return socket;
  }

  /** Hands {@code payload}, published on {@code user:{userId}} for batch {@code batchId}. */
  void publishToUser(String userId, String action, String batchId, String payload) {
    engine.relay(
        ProgressEvent.of(
            new EventChannel.User("user:", new UserId(userId)),
            action,
            batchId,
            null,
            payload,
            clock.instant(),
            System.nanoTime()));
  }

  private TestSocket authenticated(TestSocket socket, String userId) {
    socket.send(SocketRelay.authFrame(token(userId)));
    String success = socket.nextFrame();
    if (!success.contains("auth_success")) {
      throw new AssertionError("expected auth_success, got " + success);
    }
    return socket;
  }

  /** The REST API as {@code userId}. */
  ApiClient api(String userId) {
    return new ApiClient(URI.create("http://127.0.0.1:" + server.port()), token(userId));
  }

  String token(String userId) {
    return issuer.issue(new UserId(userId), Set.of(), Duration.ofHours(1));
  }

  void registerUpload(String uploadId, String ownerId) {
    Caller backend = new Caller(new UserId("backend"), Set.of(Role.SERVICE));
    services
        .registration()
        .register(backend, new UploadRegistration(new UploadId(uploadId), new UserId(ownerId)));
  }

  /** Hands {@code payload}, published on {@code upload:{uploadId}}, to the engine. */
  void publish(String uploadId, String action, String payload) {
    engine.relay(
        ProgressEvent.of(
            new EventChannel.Upload("upload:", new UploadId(uploadId)),
            action,
            null,
            null,
            payload,
            clock.instant(),
            System.nanoTime()));
  }

  FanOutEngine engine() {
    return engine;
  }

  private URI socketUri() {
    return URI.create("ws://127.0.0.1:" + server.port() + ClientSocketEndpoint.PATH);
  }

  @Override
  public void close() {
    server.close();
    engine.close();
  }
}
