package io.progressrelay.adapter.in.web.sse;

import io.progressrelay.adapter.in.web.ApiUseCases;
import io.progressrelay.adapter.in.web.CatchUpPlanner;
import io.progressrelay.adapter.in.web.WebServer;
import io.progressrelay.adapter.in.web.WebServerSettings;
import io.progressrelay.adapter.in.web.auth.JwtAuthenticator;
import io.progressrelay.adapter.in.web.auth.JwtIssuer;
import io.progressrelay.adapter.in.web.auth.JwtKeys;
import io.progressrelay.adapter.in.web.socket.WebSocketSettings;
import io.progressrelay.adapter.in.web.support.ApiClient;
import io.progressrelay.adapter.in.web.support.MutableClock;
import io.progressrelay.adapter.in.web.support.TestRelay;
import io.progressrelay.adapter.out.memory.InMemoryGrantRepository;
import io.progressrelay.adapter.out.memory.InMemoryStore;
import io.progressrelay.adapter.out.memory.InMemorySubscriberDirectory;
import io.progressrelay.adapter.out.memory.InMemorySubscriptionRepository;
import io.progressrelay.adapter.out.memory.InMemoryUploadRepository;
import io.progressrelay.application.port.in.relay.ConnectClientUseCase;
import io.progressrelay.application.port.in.subscription.ListSubscriptionsUseCase;
import io.progressrelay.application.service.RelayServices;
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
import java.util.function.UnaryOperator;

/**
 * The web server with the event-stream endpoint and the REST API wired to the real fan-out engine
 * and the real subscription services over in-memory repositories, as the relay wires them, on a
 * free port. Events are handed to the engine as the Redis listener would hand them over.
 */
final class StreamRelay implements AutoCloseable {
  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T12:00:00Z"));
  private final JwtIssuer issuer = new JwtIssuer(TestRelay.SECRET, clock);
  private final RelayServices services;
  private final FanOutEngine engine;
  private final EventStreamEndpoint endpoint;
  private final WebServer server;

  private StreamRelay(Builder builder) {
    var store = new InMemoryStore();
    var uploads = new InMemoryUploadRepository(store);
    this.engine =
        new FanOutEngine(
            builder.fanOut,
            new InMemorySubscriberDirectory(store),
            uploads,
            SubscriptionPolicy.DEFAULT,
            clock);
    this.services =
        RelayServices.create(
            uploads,
            new InMemoryGrantRepository(store),
            new InMemorySubscriptionRepository(store),
            SubscriptionPolicy.DEFAULT,
            clock,
            engine::applyCommitted);
    var authenticator = new JwtAuthenticator(JwtKeys.hmac(TestRelay.SECRET), clock);
    ListSubscriptionsUseCase subscriptions = builder.subscriptions.apply(services.subscriptions());
    this.endpoint =
        new EventStreamEndpoint(
            builder.settings,
            authenticator,
            builder.connect.apply(engine),
            new CatchUpPlanner(subscriptions, CatchUpPlanner.DEFAULT_LIMIT),
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

  static StreamRelay start() {
    return builder().start();
  }

  URI eventsUri(String query) {
    return URI.create(
        "http://127.0.0.1:"
            + server.port()
            + EventStreamEndpoint.PATH
            + (query.isEmpty() ? "" : "?" + query));
  }

  int port() {
    return server.port();
  }

  /** A stream opened as {@code userId} with the token in the header, its 200 already read. */
  SseClient streamAs(String userId) {
    SseClient stream =
        SseClient.open(eventsUri(""), Map.of("Authorization", "Bearer " + token(userId)));
    if (stream.status() != 200) {
      throw new AssertionError("expected 200, got " + stream.status() + ": " + stream.body());
    }
    return stream;
  }

  /** The REST API as {@code userId}. */
  ApiClient api(String userId) {
    return new ApiClient(URI.create("http://127.0.0.1:" + server.port()), token(userId));
  }

  String token(String userId) {
    return token(userId, Duration.ofHours(1));
  }

  String token(String userId, Duration ttl) {
    return issuer.issue(new UserId(userId), Set.of(), ttl);
  }

  MutableClock clock() {
    return clock;
  }

  void registerUpload(String uploadId, String ownerId) {
    Caller backend = new Caller(new UserId("backend"), Set.of(Role.SERVICE));
    services
        .registration()
        .register(backend, new UploadRegistration(new UploadId(uploadId), new UserId(ownerId)));
  }

  /** Registers {@code uploadId} to {@code userId} and subscribes them to it over REST. */
  void follow(String userId, String uploadId) {
    registerUpload(uploadId, userId);
    int status = api(userId).post("/api/uploads/" + uploadId + "/subscription").status();
    if (status != 200 && status != 201) {
      throw new AssertionError("subscribing answered " + status);
    }
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

  /** Hands a batch's {@code payload}, published on {@code user:{userId}}, to the engine. */
  void publishToUser(String userId, String batchId, String payload) {
    engine.relay(
        ProgressEvent.of(
            new EventChannel.User("user:", new UserId(userId)),
            "batch_progress",
            batchId,
            null,
            payload,
            clock.instant(),
            System.nanoTime()));
  }

  FanOutEngine engine() {
    return engine;
  }

  EventStreamEndpoint endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    server.close();
    engine.close();
  }

  /** Options for a {@link StreamRelay}; the defaults are the relay's. */
  static final class Builder {
    private WebSocketSettings settings = WebSocketSettings.defaults();
    private FanOutSettings fanOut = FanOutSettings.DEFAULT;
    private UnaryOperator<ListSubscriptionsUseCase> subscriptions = UnaryOperator.identity();
    private UnaryOperator<ConnectClientUseCase> connect = UnaryOperator.identity();

    Builder settings(WebSocketSettings value) {
      settings = value;
      return this;
    }

    Builder fanOut(FanOutSettings value) {
      fanOut = value;
      return this;
    }

    /** Wraps the subscription listing the endpoint reads, e.g. to fail it. */
    Builder subscriptions(UnaryOperator<ListSubscriptionsUseCase> wrap) {
      subscriptions = wrap;
      return this;
    }

    /** Wraps the engine's connect use case as the endpoint sees it, e.g. to record catch-ups. */
    Builder connect(UnaryOperator<ConnectClientUseCase> wrap) {
      connect = wrap;
      return this;
    }

    StreamRelay start() {
      return new StreamRelay(this);
    }
  }
}
