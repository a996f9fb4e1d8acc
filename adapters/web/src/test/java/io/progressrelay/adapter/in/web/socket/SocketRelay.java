package io.progressrelay.adapter.in.web.socket;

import io.progressrelay.adapter.in.web.ApiUseCases;
import io.progressrelay.adapter.in.web.WebServer;
import io.progressrelay.adapter.in.web.WebServerSettings;
import io.progressrelay.adapter.in.web.auth.JwtAuthenticator;
import io.progressrelay.adapter.in.web.auth.JwtIssuer;
import io.progressrelay.adapter.in.web.auth.JwtKeys;
import io.progressrelay.adapter.in.web.support.MutableClock;
import io.progressrelay.adapter.in.web.support.TestRelay;
import io.progressrelay.adapter.out.memory.InMemoryGrantRepository;
import io.progressrelay.adapter.out.memory.InMemoryStore;
import io.progressrelay.adapter.out.memory.InMemorySubscriptionRepository;
import io.progressrelay.adapter.out.memory.InMemoryUploadRepository;
import io.progressrelay.application.port.in.subscription.SubscribeToUploadUseCase;
import io.progressrelay.application.port.in.subscription.SubscriptionPageRequest;
import io.progressrelay.application.port.out.AudienceChangeSink;
import io.progressrelay.application.service.RelayServices;
import io.progressrelay.domain.Caller;
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
 * The web server with the WebSocket endpoint, wired to the real subscription services over
 * in-memory repositories and to a {@link TestRelayEngine}, listening on a free port.
 */
final class SocketRelay implements AutoCloseable {
  /** The subprotocol a client offers to speak progress-relay v2. */
  static final String V2_SUBPROTOCOL = "progress-relay.v2";

  static final String V3_SUBPROTOCOL = "progress-relay.v3";

  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T12:00:00Z"));
  private final JwtIssuer issuer = new JwtIssuer(TestRelay.SECRET, clock);
  private final RelayServices services;
  private final TestRelayEngine engine;
  private final ClientSocketEndpoint endpoint;
  private final WebServer server;

  private SocketRelay(Builder builder) {
    var store = new InMemoryStore();
    this.services =
        RelayServices.create(
            new InMemoryUploadRepository(store),
            new InMemoryGrantRepository(store),
            new InMemorySubscriptionRepository(store),
            builder.policy,
            clock,
            AudienceChangeSink.NONE);
    var authenticator = new JwtAuthenticator(JwtKeys.hmac(TestRelay.SECRET), clock);
    this.engine = new TestRelayEngine(builder.maxConnectionsPerUser);
    SubscribeToUploadUseCase subscribe =
        builder.subscribe != null ? builder.subscribe : services.subscriptions();
    this.endpoint =
        new ClientSocketEndpoint(
            builder.settings,
            builder.v1Options,
            authenticator,
            engine,
            subscribe,
            services.subscriptions(),
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

  static Builder builder() {
    return new Builder();
  }

  static SocketRelay start() {
    return builder().start();
  }

  URI uri(String pathAndQuery) {
    return URI.create("ws://127.0.0.1:" + server.port() + pathAndQuery);
  }

  URI httpUri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  /** A socket to {@code /ws/uploads} without any token yet. */
  TestSocket open() {
    return TestSocket.open(uri(ClientSocketEndpoint.PATH), Map.of());
  }

  /** A socket to {@code /ws/uploads} that offers {@code progress-relay.v2}, without a token yet. */
  TestSocket openV2() {
    return TestSocket.open(uri(ClientSocketEndpoint.PATH), Map.of(), List.of(V2_SUBPROTOCOL));
  }

  /** A socket that has authenticated as {@code userId} and read its {@code auth_success}. */
  TestSocket openAs(String userId) {
    return authenticated(open(), token(userId));
  }

  /** As {@link #openAs}, speaking {@code progress-relay.v2}, with {@code token}. */
  TestSocket openV2As(String token) {
    return authenticated(openV2(), token);
  }

  private static TestSocket authenticated(TestSocket socket, String token) {
    socket.send(authFrame(token));
    String success = socket.nextFrame();
    if (!success.contains("auth_success")) {
      throw new AssertionError("expected auth_success, got " + success);
    }
    return socket;
  }

  static String authFrame(String token) {
    return "{\"type\":\"auth\",\"token\":\"" + token + "\"}";
  }

  String token(String userId, Role... roles) {
    return token(userId, Duration.ofHours(1), roles);
  }

  String token(String userId, Duration ttl, Role... roles) {
    return issuer.issue(new UserId(userId), Set.of(roles), ttl);
  }

  void registerUpload(String uploadId, String ownerId) {
    Caller backend = new Caller(new UserId("backend"), Set.of(Role.SERVICE));
    services
        .registration()
        .register(backend, new UploadRegistration(new UploadId(uploadId), new UserId(ownerId)));
  }

  boolean isSubscribed(String userId, String uploadId) {
    return services
        .subscriptions()
        .list(Caller.user(new UserId(userId)), SubscriptionPageRequest.first(100))
        .items()
        .stream()
        .anyMatch(item -> item.uploadId().value().equals(uploadId));
  }

  MutableClock clock() {
    return clock;
  }

  TestRelayEngine engine() {
    return engine;
  }

  ClientSocketEndpoint endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    server.close();
  }

  /** Options; the defaults are the production settings. */
  static final class Builder {
    private WebSocketSettings settings = WebSocketSettings.defaults();
    private V1SocketOptions v1Options = V1SocketOptions.DEFAULT;
    private SubscriptionPolicy policy = SubscriptionPolicy.DEFAULT;
    private int maxConnectionsPerUser = 10;
    private SubscribeToUploadUseCase subscribe;

    Builder settings(WebSocketSettings newSettings) {
      settings = newSettings;
      return this;
    }

    Builder v1Options(V1SocketOptions options) {
      v1Options = options;
      return this;
    }

    Builder policy(SubscriptionPolicy newPolicy) {
      policy = newPolicy;
      return this;
    }

    Builder maxConnectionsPerUser(int max) {
      maxConnectionsPerUser = max;
      return this;
    }

    /** Replaces the subscribe use case, for failures the in-memory store cannot produce. */
    Builder subscribe(SubscribeToUploadUseCase useCase) {
      subscribe = useCase;
      return this;
    }

    SocketRelay start() {
      return new SocketRelay(this);
    }
  }
}
