package io.progressrelay.application.service.history;

import static io.progressrelay.application.service.history.AdminHistoryFixture.ADMIN;
import static io.progressrelay.application.service.history.AdminHistoryFixture.ALICE;
import static io.progressrelay.application.service.history.AdminHistoryFixture.NOW;
import static io.progressrelay.application.service.history.AdminHistoryFixture.WORKER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.progressrelay.application.port.in.AccessDeniedException;
import io.progressrelay.application.port.in.history.DeliveriesAnswer;
import io.progressrelay.application.port.in.history.DeliveriesRequest;
import io.progressrelay.application.port.in.history.DeliveryStats;
import io.progressrelay.application.port.in.history.DeliveryStatsRequest;
import io.progressrelay.application.port.in.history.LiveConnection;
import io.progressrelay.application.port.in.history.UploadTimeline;
import io.progressrelay.application.port.in.relay.ConnectionSnapshot;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.DeliveryOutcome;
import io.progressrelay.domain.InvalidValueException;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import io.progressrelay.domain.history.BucketSize;
import io.progressrelay.domain.history.DeliveryRecord;
import io.progressrelay.domain.history.EventRecord;
import io.progressrelay.domain.history.HistoryGap;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminHistoryServiceTest {
  private final AdminHistoryFixture fixture = new AdminHistoryFixture();
  private final AdminHistoryService service = fixture.service;

  @Test
  void everyCallNeedsTheAdminRole() {
    for (Caller caller : List.of(ALICE, WORKER)) {
      assertThatThrownBy(() -> service.deliveries(caller, DeliveriesRequest.newest()))
          .isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("admin");
      assertThatThrownBy(() -> service.stats(caller, DeliveryStatsRequest.lastHour()))
          .isInstanceOf(AccessDeniedException.class);
      assertThatThrownBy(() -> service.timeline(caller, new UploadId("u-1")))
          .isInstanceOf(AccessDeniedException.class);
      assertThatThrownBy(() -> service.connections(caller))
          .isInstanceOf(AccessDeniedException.class);
    }
  }

  @Test
  void deliveriesArePagedNewestFirstThroughAnOpaqueCursor() {
    for (int i = 0; i < 5; i++) {
      fixture.deliveredTo("e-" + i, "u-1", NOW.minusSeconds(60 - i), "alice");
    }
    List<String> seen = new ArrayList<>();
    DeliveriesRequest request = withLimit(2);
    DeliveriesAnswer page = service.deliveries(ADMIN, request);
    seen.addAll(eventIds(page));
    while (page.nextCursor().isPresent()) {
      page = service.deliveries(ADMIN, request.after(page.nextCursor().get()));
      seen.addAll(eventIds(page));
    }

    assertThat(seen).containsExactly("e-4", "e-3", "e-2", "e-1", "e-0");
  }

  @Test
  void deliveriesReportTheGapsOverlappingTheSearchedPeriod() {
    fixture.deliveredTo("e-1", "u-1", NOW.minusSeconds(600), "alice");
    fixture.gap(NOW.minusSeconds(300), NOW.minusSeconds(290), 7);
    fixture.gap(NOW.minusSeconds(7200), NOW.minusSeconds(7100), 3);

    DeliveriesAnswer lastHour =
        service.deliveries(
            ADMIN,
            new DeliveriesRequest(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(NOW.minusSeconds(3600)),
                Optional.empty(),
                100,
                Optional.empty()));
    DeliveriesAnswer everything = service.deliveries(ADMIN, DeliveriesRequest.newest());

    assertThat(lastHour.gaps()).extracting(HistoryGap::lostOutcomes).containsExactly(7L);
    assertThat(everything.gaps()).extracting(HistoryGap::lostOutcomes).containsExactly(3L, 7L);
  }

  @Test
  void deliveriesFilterByOutcomeAndUser() {
    EventRecord event = AdminHistoryFixture.event("e-1", "u-1", NOW.minusSeconds(10));
    fixture.history.append(
        List.of(event),
        List.of(
            AdminHistoryFixture.delivered(event, "alice", 900),
            new DeliveryRecord(
                "e-1",
                Optional.of("bob"),
                DeliveryOutcome.NO_CONNECTION,
                0,
                event.receivedAt(),
                Optional.empty(),
                java.util.OptionalLong.empty(),
                AdminHistoryFixture.INSTANCE)));

    DeliveriesAnswer answer =
        service.deliveries(
            ADMIN,
            new DeliveriesRequest(
                Optional.of(new UploadId("u-1")),
                Optional.of(new UserId("bob")),
                Optional.of("upload_progress"),
                Optional.of(DeliveryOutcome.NO_CONNECTION),
                Optional.empty(),
                Optional.empty(),
                100,
                Optional.empty()));

    assertThat(answer.items()).hasSize(1);
    assertThat(answer.items().get(0).delivery().userId()).contains("bob");
  }

  @Test
  void statsDefaultToTheLastHourByMinute() {
    fixture.deliveredTo("e-1", "u-1", NOW.minusSeconds(90), "alice", "bob");
    fixture.deliveredTo("e-2", "u-1", NOW.minus(Duration.ofHours(2)), "alice");
    fixture.gap(NOW.minusSeconds(120), NOW.minusSeconds(100), 4);

    DeliveryStats stats = service.stats(ADMIN, DeliveryStatsRequest.lastHour());

    assertThat(stats.bucket()).isEqualTo(BucketSize.MINUTE);
    assertThat(stats.since()).isEqualTo(NOW.minus(Duration.ofHours(1)));
    assertThat(stats.until()).isEqualTo(NOW);
    assertThat(stats.buckets()).hasSize(1);
    assertThat(stats.buckets().get(0).start()).isEqualTo(Instant.parse("2030-01-01T11:58:00Z"));
    assertThat(stats.buckets().get(0).counts()).containsEntry(DeliveryOutcome.DELIVERED, 2L);
    assertThat(stats.gaps()).extracting(HistoryGap::lostOutcomes).containsExactly(4L);
  }

  @Test
  void statsRefuseMoreThanTenThousandBucketsNamingBucket() {
    Instant since = NOW.minus(Duration.ofMinutes(10_001));
    var byMinute = new DeliveryStatsRequest(Optional.of(since), Optional.of(NOW), Optional.empty());
    var byHour =
        new DeliveryStatsRequest(
            Optional.of(since), Optional.of(NOW), Optional.of(BucketSize.HOUR));
    var exactlyTenThousand =
        new DeliveryStatsRequest(
            Optional.of(NOW.minus(Duration.ofMinutes(10_000))), Optional.of(NOW), Optional.empty());

    assertThatThrownBy(() -> service.stats(ADMIN, byMinute))
        .isInstanceOfSatisfying(
            InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("bucket"));
    assertThat(service.stats(ADMIN, byHour).bucket()).isEqualTo(BucketSize.HOUR);
    assertThat(service.stats(ADMIN, exactlyTenThousand).buckets()).isEmpty();
  }

  @Test
  void statsRefuseASinceThatIsNotBeforeNow() {
    var future = new DeliveryStatsRequest(Optional.of(NOW), Optional.empty(), Optional.empty());

    assertThatThrownBy(() -> service.stats(ADMIN, future))
        .isInstanceOfSatisfying(
            InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("since"));
  }

  @Test
  void aTimelineKeepsTheFirstThousandEventsAndSaysItWasCut() {
    List<EventRecord> events = new ArrayList<>();
    List<DeliveryRecord> deliveries = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      EventRecord event =
          AdminHistoryFixture.event(String.format("e-%04d", i), "u-1", NOW.minusSeconds(2000 - i));
      events.add(event);
      deliveries.add(AdminHistoryFixture.delivered(event, "alice", 100));
    }
    fixture.history.append(events, deliveries);

    UploadTimeline timeline = service.timeline(ADMIN, new UploadId("u-1"));

    assertThat(timeline.events()).hasSize(1000);
    assertThat(timeline.truncated()).isTrue();
    assertThat(timeline.events().get(0).event().eventId()).isEqualTo("e-0000");
  }

  @Test
  void aTimelineReportsGapsSinceTheUploadsFirstEvent() {
    fixture.deliveredTo("e-1", "u-1", NOW.minusSeconds(600), "alice");
    fixture.deliveredTo("e-2", "u-1", NOW.minusSeconds(500), "alice");
    fixture.gap(NOW.minusSeconds(550), NOW.minusSeconds(540), 2);
    fixture.gap(NOW.minusSeconds(9000), NOW.minusSeconds(8000), 9);

    UploadTimeline timeline = service.timeline(ADMIN, new UploadId("u-1"));

    assertThat(timeline.truncated()).isFalse();
    assertThat(timeline.events())
        .extracting(e -> e.event().eventId())
        .containsExactly("e-1", "e-2");
    assertThat(timeline.gaps()).extracting(HistoryGap::lostOutcomes).containsExactly(2L);
  }

  @Test
  void connectionsAreThisInstancesOldestFirst() {
    fixture.connections.add(snapshot("c-2", "bob", NOW.minusSeconds(10)));
    fixture.connections.add(snapshot("c-1", "alice", NOW.minusSeconds(60)));

    List<LiveConnection> connections = service.connections(ADMIN);

    assertThat(connections).extracting(LiveConnection::connectionId).containsExactly("c-1", "c-2");
    assertThat(connections.get(0).userId()).isEqualTo(new UserId("alice"));
    assertThat(connections.get(0).queuedBytes()).isEqualTo(300);
  }

  private static ConnectionSnapshot snapshot(String id, String user, Instant since) {
    return new ConnectionSnapshot(id, new UserId(user), since, 3, 300, 40, 5);
  }

  private static DeliveriesRequest withLimit(int limit) {
    var all = DeliveriesRequest.newest();
    return new DeliveriesRequest(
        all.uploadId(),
        all.userId(),
        all.action(),
        all.outcome(),
        all.since(),
        all.until(),
        limit,
        all.after());
  }

  private static List<String> eventIds(DeliveriesAnswer page) {
    return page.items().stream().map(view -> view.event().eventId()).toList();
  }
}
