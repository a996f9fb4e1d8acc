package io.progressrelay.application.service.history;

import io.progressrelay.application.port.in.Authorization;
import io.progressrelay.application.port.in.history.DeliveriesAnswer;
import io.progressrelay.application.port.in.history.DeliveriesRequest;
import io.progressrelay.application.port.in.history.DeliveryCursorCodec;
import io.progressrelay.application.port.in.history.DeliveryStats;
import io.progressrelay.application.port.in.history.DeliveryStatsRequest;
import io.progressrelay.application.port.in.history.DeliveryStatsUseCase;
import io.progressrelay.application.port.in.history.ListLiveConnectionsUseCase;
import io.progressrelay.application.port.in.history.LiveConnection;
import io.progressrelay.application.port.in.history.QueryDeliveriesUseCase;
import io.progressrelay.application.port.in.history.UploadTimeline;
import io.progressrelay.application.port.in.history.UploadTimelineUseCase;
import io.progressrelay.application.port.in.relay.ConnectionSnapshot;
import io.progressrelay.application.port.out.SubscriptionRepository;
import io.progressrelay.application.port.out.history.DeliveryHistoryQueries;
import io.progressrelay.application.port.out.history.DeliveryPage;
import io.progressrelay.application.port.out.history.DeliveryQuery;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.InvalidValueException;
import io.progressrelay.domain.Role;
import io.progressrelay.domain.SubscriptionPolicy;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import io.progressrelay.domain.history.BucketSize;
import io.progressrelay.domain.history.TimelineEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The admin's view of delivery history and of this instance's live connections; every call needs
 * the admin role. Stateless and thread-safe when its collaborators are.
 */
public final class AdminHistoryService
    implements QueryDeliveriesUseCase,
        DeliveryStatsUseCase,
        UploadTimelineUseCase,
        ListLiveConnectionsUseCase {
  /** The period stats cover when the request names none. */
  public static final Duration DEFAULT_STATS_PERIOD = Duration.ofHours(1);

  private static final Set<Role> ADMIN = Set.of(Role.ADMIN);

  private final DeliveryHistoryQueries history;
  private final Supplier<List<ConnectionSnapshot>> connections;
  private final SubscriptionRepository subscriptions;
  private final SubscriptionPolicy policy;
  private final Clock clock;

  /**
   * @param connections this instance's connections, e.g. {@code engine::connections}
   * @param subscriptions where the connected users' live subscriptions are counted
   */
  public AdminHistoryService(
      DeliveryHistoryQueries history,
      Supplier<List<ConnectionSnapshot>> connections,
      SubscriptionRepository subscriptions,
      SubscriptionPolicy policy,
      Clock clock) {
    this.history = Objects.requireNonNull(history, "history");
    this.connections = Objects.requireNonNull(connections, "connections");
    this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public DeliveriesAnswer deliveries(Caller caller, DeliveriesRequest request) {
    Authorization.requireAnyRole(caller, ADMIN);
    DeliveryPage page = history.deliveries(query(request));
    // An open-ended search covers all history kept, up to now.
    Instant since = request.since().orElse(Instant.EPOCH);
    Instant until = request.until().orElseGet(clock::instant);
    return new DeliveriesAnswer(
        page.items(), page.next().map(DeliveryCursorCodec::encode), history.gaps(since, until));
  }

  @Override
  public DeliveryStats stats(Caller caller, DeliveryStatsRequest request) {
    Authorization.requireAnyRole(caller, ADMIN);
    BucketSize bucket = request.bucket().orElse(BucketSize.MINUTE);
    Instant until = request.until().orElseGet(clock::instant);
    Instant since = request.since().orElseGet(() -> until.minus(DEFAULT_STATS_PERIOD));
    if (!since.isBefore(until)) {
      throw new InvalidValueException("since", "'since' must be earlier than 'until' (now)");
    }
    StatsBuckets.requireAtMost(MAX_BUCKETS, since, until, bucket);
    return new DeliveryStats(
        bucket, since, until, history.stats(since, until, bucket), history.gaps(since, until));
  }

  @Override
  public UploadTimeline timeline(Caller caller, UploadId uploadId) {
    Authorization.requireAnyRole(caller, ADMIN);
    // One more than shown tells whether the timeline was cut short.
    List<TimelineEvent> events = history.timeline(uploadId.value(), MAX_EVENTS + 1);
    boolean truncated = events.size() > MAX_EVENTS;
    List<TimelineEvent> shown = truncated ? events.subList(0, MAX_EVENTS) : events;
    Instant since = shown.isEmpty() ? Instant.EPOCH : shown.get(0).event().receivedAt();
    return new UploadTimeline(uploadId, shown, truncated, history.gaps(since, clock.instant()));
  }

  @Override
  public List<LiveConnection> connections(Caller caller) {
    Authorization.requireAnyRole(caller, ADMIN);
    List<ConnectionSnapshot> live = connections.get();
    // One query for all connected users, not one per connection.
    Map<UserId, Integer> counts =
        subscriptions.countByUsers(
            live.stream().map(ConnectionSnapshot::userId).collect(Collectors.toSet()),
            policy.expiryCutoff(clock.instant()));
    return live.stream()
        .map(snapshot -> live(snapshot, counts.getOrDefault(snapshot.userId(), 0)))
        .sorted(
            Comparator.comparing(LiveConnection::since).thenComparing(LiveConnection::connectionId))
        .toList();
  }

  // The same search in the history store's terms.
  private static DeliveryQuery query(DeliveriesRequest request) {
    return new DeliveryQuery(
        request.uploadId().map(UploadId::value),
        request.userId().map(UserId::value),
        request.action(),
        request.outcome(),
        request.since(),
        request.until(),
        request.limit(),
        request.after());
  }

  private static LiveConnection live(ConnectionSnapshot snapshot, int subscriptions) {
    return new LiveConnection(
        snapshot.connectionId(),
        snapshot.userId(),
        snapshot.connectedAt(),
        subscriptions,
        snapshot.queuedFrames(),
        snapshot.queuedBytes(),
        snapshot.framesSent(),
        snapshot.framesCoalesced());
  }
}
