package io.progressrelay.adapter.in.web.support;

import io.progressrelay.adapter.in.web.AdminUseCases;
import io.progressrelay.adapter.in.web.ApiUseCases;
import io.progressrelay.adapter.in.web.WebComponent;
import io.progressrelay.adapter.in.web.WebServer;
import io.progressrelay.adapter.in.web.WebServerSettings;
import io.progressrelay.adapter.in.web.auth.JwtAuthenticator;
import io.progressrelay.adapter.in.web.auth.JwtIssuer;
import io.progressrelay.adapter.in.web.auth.JwtKeys;
import io.progressrelay.adapter.out.memory.InMemoryDeliveryHistory;
import io.progressrelay.adapter.out.memory.InMemoryGrantRepository;
import io.progressrelay.adapter.out.memory.InMemoryStore;
import io.progressrelay.adapter.out.memory.InMemorySubscriberDirectory;
import io.progressrelay.adapter.out.memory.InMemorySubscriptionRepository;
import io.progressrelay.adapter.out.memory.InMemoryUploadRepository;
import io.progressrelay.application.port.in.relay.ConnectionSnapshot;
import io.progressrelay.application.port.out.AudienceChangeSink;
import io.progressrelay.application.port.out.ReadinessCheck;
import io.progressrelay.application.service.RelayServices;
import io.progressrelay.application.service.history.AdminHistoryService;
import io.progressrelay.domain.LatestEvent;
import io.progressrelay.domain.Role;
import io.progressrelay.domain.SubscriptionPolicy;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The web adapter wired to the real application services over in-memory repositories, listening on
 * a free port; {@link #builder()} tunes what a test needs.
 */
public final class TestRelay implements AutoCloseable {
  public static final byte[] SECRET =
      "test-secret-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.UTF_8);

  private final MutableClock clock;
  private final InMemoryUploadRepository uploads;
  private final InMemorySubscriberDirectory directory;
  private final InMemoryDeliveryHistory history = new InMemoryDeliveryHistory();
  private final List<ConnectionSnapshot> connections = new CopyOnWriteArrayList<>();
  private final JwtIssuer issuer;
  private final WebServer server;

  private TestRelay(Builder builder) {
    this.clock = new MutableClock(Instant.parse("2030-01-01T12:00:00Z"));
    var store = new InMemoryStore();
    this.uploads = new InMemoryUploadRepository(store);
    this.directory = new InMemorySubscriberDirectory(store);
    var grants = new InMemoryGrantRepository(store);
    var subscriptions = new InMemorySubscriptionRepository(store);
    var services =
        RelayServices.create(
            uploads, grants, subscriptions, builder.policy, clock, AudienceChangeSink.NONE);
    var useCases =
        ApiUseCases.of(
            services.registration(),
            services.uploads(),
            services.grants(),
            services.subscriptions());
    this.issuer = new JwtIssuer(SECRET, clock);
    var authenticator = new JwtAuthenticator(JwtKeys.hmac(SECRET), clock);
    this.server =
        new WebServer(
                builder.settings,
                useCases,
                AdminUseCases.of(
                    new AdminHistoryService(
                        history,
                        () -> List.copyOf(connections),
                        subscriptions,
                        builder.policy,
                        clock)),
                authenticator,
                builder.checks,
                builder.components)
            .start();
  }

  public static Builder builder() {
    return new Builder();
  }

  public static TestRelay start() {
    return builder().start();
  }

  public URI baseUri() {
    return URI.create("http://localhost:" + server.port());
  }

  public MutableClock clock() {
    return clock;
  }

  public WebServer server() {
    return server;
  }

  /** A client acting as {@code userId} with {@code roles}, holding a token valid for an hour. */
  public ApiClient as(String userId, Role... roles) {
    return new ApiClient(baseUri(), token(userId, roles));
  }

  public ApiClient anonymous() {
    return new ApiClient(baseUri(), null);
  }

  public String token(String userId, Role... roles) {
    return issuer.issue(new UserId(userId), Set.of(roles), Duration.ofHours(1));
  }

  /** The delivery history the admin API reads; tests append rows and gaps to it. */
  public InMemoryDeliveryHistory history() {
    return history;
  }

  /** The connections the admin API lists as this instance's; tests add snapshots to it. */
  public List<ConnectionSnapshot> connections() {
    return connections;
  }

  /** Stores an event as the upload's latest, as the Redis listener would. */
  public void recordEvent(String uploadId, String action, String payload) {
    var id = new UploadId(uploadId);
    long registration = directory.findAudience(id, clock.instant()).orElseThrow().registration();
    uploads.saveLatestEvent(id, registration, new LatestEvent(action, payload, clock.instant()));
  }

  @Override
  public void close() {
    server.close();
  }

  /** Options for a {@link TestRelay}; defaults suit most tests. */
  public static final class Builder {
    private WebServerSettings settings =
        WebServerSettings.onPort(0).withHost("127.0.0.1").withStopTimeout(Duration.ofSeconds(5));
    private SubscriptionPolicy policy = SubscriptionPolicy.DEFAULT;
    private final List<ReadinessCheck> checks = new ArrayList<>();
    private final List<WebComponent> components = new ArrayList<>();

    public Builder maxBodyBytes(long maxBodyBytes) {
      settings = settings.withMaxBodyBytes(maxBodyBytes);
      return this;
    }

    public Builder stopTimeout(Duration stopTimeout) {
      settings = settings.withStopTimeout(stopTimeout);
      return this;
    }

    public Builder policy(SubscriptionPolicy newPolicy) {
      policy = newPolicy;
      return this;
    }

    public Builder readinessCheck(ReadinessCheck check) {
      checks.add(check);
      return this;
    }

    public Builder component(WebComponent component) {
      components.add(component);
      return this;
    }

    public TestRelay start() {
      return new TestRelay(this);
    }
  }
}
