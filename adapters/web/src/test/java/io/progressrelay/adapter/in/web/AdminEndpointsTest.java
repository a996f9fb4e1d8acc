package io.progressrelay.adapter.in.web;

import static io.progressrelay.application.port.out.contract.HistoryTestData.delivered;
import static io.progressrelay.application.port.out.contract.HistoryTestData.noSubscribers;
import static io.progressrelay.application.port.out.contract.HistoryTestData.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.progressrelay.adapter.in.web.support.ApiClient;
import io.progressrelay.adapter.in.web.support.ApiResponse;
import io.progressrelay.adapter.in.web.support.TestRelay;
import io.progressrelay.application.port.in.relay.ConnectionSnapshot;
import io.progressrelay.domain.DeliveryOutcome;
import io.progressrelay.domain.Role;
import io.progressrelay.domain.UserId;
import io.progressrelay.domain.history.DeliveryRecord;
import io.progressrelay.domain.history.DeliveryRun;
import io.progressrelay.domain.history.EventRecord;
import io.progressrelay.domain.history.HistoryGap;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** One relay for all tests: each test keeps to its own uploads or period of history. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminEndpointsTest {
  private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

  // Each bad request to an admin endpoint, with the parameter an admin is told is at fault.
  private static final String[][] BAD_PARAMETERS = {
    {"/api/admin/deliveries?uploadId=bad!id", "uploadId"},
    {"/api/admin/deliveries?userId=bad%20id", "userId"},
    {"/api/admin/deliveries?action=" + "a".repeat(129), "action"},
    {"/api/admin/deliveries?outcome=lost", "outcome"},
    {"/api/admin/deliveries?since=yesterday", "since"},
    {"/api/admin/deliveries?until=2030-13-01T00:00:00Z", "until"},
    {"/api/admin/deliveries?since=2030-01-01T12:00:00Z&until=2030-01-01T11:00:00Z", "until"},
    {"/api/admin/deliveries?limit=0", "limit"},
    {"/api/admin/deliveries?limit=1001", "limit"},
    {"/api/admin/deliveries?limit=ten", "limit"},
    {"/api/admin/deliveries?limit=abc", "limit"},
    {"/api/admin/deliveries?cursor=not-a-cursor", "cursor"},
    {"/api/admin/deliveries?cursor=zzz", "cursor"},
    {"/api/admin/deliveries/stats?bucket=day", "bucket"},
    {"/api/admin/deliveries/stats?bucket=week", "bucket"},
    {"/api/admin/deliveries/stats?since=noon", "since"},
    {"/api/admin/deliveries/stats?until=2030-01-01", "until"},
    {"/api/admin/deliveries/stats?since=2030-01-01T13:00:00Z", "since"},
    {"/api/admin/deliveries/stats?since=2029-01-01T00:00:00Z", "bucket"},
    {"/api/admin/uploads/bad!id/timeline", "uploadId"},
  };

  private TestRelay relay;
  private ApiClient admin;

  @BeforeAll
  void startRelay() {
    relay = TestRelay.start();
    admin = relay.as("root", Role.ADMIN);
  }

  @AfterAll
  void stopRelay() {
    relay.close();
  }

  @Test
  void deliveriesListEveryFieldNewestFirst() {
    Instant start = Instant.parse("2030-01-01T10:00:00Z");
    EventRecord older = event("relay-1:f1", "f-1", Optional.of("b-1"), start.plusSeconds(30));
    EventRecord newer = event("relay-1:f2", "f-2", Optional.empty(), start.plusSeconds(50));
    relay
        .history()
        .append(
            List.of(older, newer), List.of(delivered(older, "alice", 1500), noSubscribers(newer)));

    ApiResponse response =
        admin.get("/api/admin/deliveries?since=2030-01-01T10:00:00Z&until=2030-01-01T10:01:00Z");

    assertThat(response.status()).isEqualTo(200);
    JsonNode items = response.json().path("items");
    assertThat(items).hasSize(2);
    assertThat(items.get(0).path("eventId").asText()).isEqualTo("relay-1:f2");
    assertThat(items.get(0).path("userId").isNull()).isTrue();
    assertThat(items.get(0).path("outcome").asText()).isEqualTo("no_subscribers");
    assertThat(items.get(0).path("latencyMicros").isNull()).isTrue();
    JsonNode row = items.get(1);
    assertThat(row.path("eventId").asText()).isEqualTo("relay-1:f1");
    assertThat(row.path("channel").asText()).isEqualTo("upload:f-1");
    assertThat(row.path("action").asText()).isEqualTo("upload_progress");
    assertThat(row.path("uploadId").asText()).isEqualTo("f-1");
    assertThat(row.path("batchId").asText()).isEqualTo("b-1");
    assertThat(row.path("sizeBytes").asInt()).isEqualTo(64);
    assertThat(row.path("receivedAt").asText()).isEqualTo("2030-01-01T10:00:30Z");
    assertThat(row.path("userId").asText()).isEqualTo("alice");
    assertThat(row.path("outcome").asText()).isEqualTo("delivered");
    assertThat(row.path("connections").asInt()).isEqualTo(1);
    assertThat(row.path("firstWrittenAt").asText()).isEqualTo("2030-01-01T10:00:30.001500Z");
    assertThat(row.path("latencyMicros").asLong()).isEqualTo(1500);
    assertThat(row.path("instanceId").asText()).isEqualTo("relay-1");
    assertThat(response.json().path("nextCursor").isNull()).isTrue();
    assertThat(response.json().path("gaps")).isEmpty();
  }

  @Test
  void anItemStandingForARunOfReplacedFramesCarriesTheRun() {
    Instant start = Instant.parse("2030-01-01T10:05:00Z");
    EventRecord first = event("relay-1:r1", "r-1", Optional.empty(), start);
    EventRecord last = event("relay-1:r9", "r-1", Optional.empty(), start.plusSeconds(2));
    DeliveryRecord run =
        outcome(last, "alice", DeliveryOutcome.COALESCED)
            .withRun(new DeliveryRun(9, first.eventId(), first.receivedAt()));
    relay.history().append(List.of(last), List.of(run, delivered(last, "bob", 10)));

    JsonNode items = admin.get("/api/admin/deliveries?uploadId=r-1").json().path("items");
    JsonNode timeline =
        admin
            .get("/api/admin/uploads/r-1/timeline")
            .json()
            .path("events")
            .get(0)
            .path("deliveries");

    assertThat(items).hasSize(2);
    assertThat(items.get(0).path("userId").asText()).isEqualTo("bob");
    assertThat(items.get(0).has("run")).as("a single frame carries no run").isFalse();
    JsonNode item = items.get(1);
    assertThat(item.path("outcome").asText()).isEqualTo("coalesced");
    assertThat(item.path("run").path("count").asInt()).isEqualTo(9);
    assertThat(item.path("run").path("firstEventId").asText()).isEqualTo("relay-1:r1");
    assertThat(item.path("run").path("firstReceivedAt").asText()).isEqualTo("2030-01-01T10:05:00Z");
    assertThat(item.path("run").path("lastEventId").asText()).isEqualTo("relay-1:r9");
    assertThat(timeline.get(0).path("run").path("count").asInt()).isEqualTo(9);
  }

  @Test
  void deliveriesAreFilteredAndPagedThroughTheNextCursor() {
    for (int i = 1; i <= 5; i++) {
      EventRecord event = event("relay-1:p" + i, "p-1", Optional.empty(), NOW.minusSeconds(60 - i));
      relay
          .history()
          .append(List.of(event), List.of(delivered(event, i % 2 == 0 ? "bob" : "alice", 10)));
    }

    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      String query = cursor == null ? "" : "&cursor=" + encode(cursor);
      JsonNode page =
          admin
              .get(
                  "/api/admin/deliveries?uploadId=p-1&userId=alice&outcome=delivered"
                      + "&action=upload_progress&limit=2"
                      + query)
              .json();
      page.path("items").forEach(item -> seen.add(item.path("eventId").asText()));
      cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
    } while (cursor != null);

    assertThat(seen).containsExactly("relay-1:p5", "relay-1:p3", "relay-1:p1");
  }

  @Test
  void aGapInThePeriodIsReportedByEveryHistoryAnswer() {
    EventRecord event = event("relay-1:g1", "g-1", Optional.empty(), NOW.minusSeconds(300));
    relay.history().append(List.of(event), List.of(delivered(event, "alice", 10)));
    relay
        .history()
        .recordGap(new HistoryGap("relay-2", NOW.minusSeconds(200), NOW.minusSeconds(100), 42));

    List<JsonNode> answers =
        List.of(
            admin.get("/api/admin/deliveries?since=2030-01-01T11:50:00Z").json(),
            admin.get("/api/admin/deliveries/stats").json(),
            admin.get("/api/admin/uploads/g-1/timeline").json());

    for (JsonNode answer : answers) {
      assertThat(answer.path("gaps")).hasSize(1);
      JsonNode gap = answer.path("gaps").get(0);
      assertThat(gap.path("instanceId").asText()).isEqualTo("relay-2");
      assertThat(gap.path("from").asText()).isEqualTo("2030-01-01T11:56:40Z");
      assertThat(gap.path("to").asText()).isEqualTo("2030-01-01T11:58:20Z");
      assertThat(gap.path("lostOutcomes").asLong()).isEqualTo(42);
      assertThat(gap.path("notice").asText())
          .isEqualTo(
              "history incomplete between 2030-01-01T11:56:40Z and 2030-01-01T11:58:20Z:"
                  + " 42 outcomes not recorded (instance relay-2)");
    }
    assertThat(admin.get("/api/admin/deliveries?until=2030-01-01T11:50:00Z").json().path("gaps"))
        .isEmpty();
  }

  @Test
  void statsCountEveryOutcomePerBucket() {
    EventRecord event =
        event("relay-1:s1", "s-1", Optional.empty(), Instant.parse("2030-01-01T09:01:30Z"));
    relay
        .history()
        .append(
            List.of(event),
            List.of(
                delivered(event, "alice", 100),
                delivered(event, "bob", 300),
                outcome(event, "carol", DeliveryOutcome.NO_CONNECTION)));

    JsonNode byDefault = admin.get("/api/admin/deliveries/stats").json();
    JsonNode byMinute =
        admin
            .get(
                "/api/admin/deliveries/stats?since=2030-01-01T09:00:00Z"
                    + "&until=2030-01-01T09:05:00Z")
            .json();
    JsonNode byHour =
        admin
            .get(
                "/api/admin/deliveries/stats?since=2030-01-01T09:00:00Z"
                    + "&until=2030-01-01T10:00:00Z&bucket=hour")
            .json();

    assertThat(byDefault.path("bucket").asText()).isEqualTo("minute");
    assertThat(byDefault.path("since").asText()).isEqualTo("2030-01-01T11:00:00Z");
    assertThat(byDefault.path("until").asText()).isEqualTo("2030-01-01T12:00:00Z");
    assertThat(byMinute.path("buckets")).hasSize(1);
    JsonNode bucket = byMinute.path("buckets").get(0);
    assertThat(bucket.path("start").asText()).isEqualTo("2030-01-01T09:01:00Z");
    assertThat(bucket.path("counts").path("delivered").asLong()).isEqualTo(2);
    assertThat(bucket.path("counts").path("no_connection").asLong()).isEqualTo(1);
    assertThat(bucket.path("counts").path("dropped_slow_consumer").asLong()).isZero();
    assertThat(bucket.path("counts")).hasSize(DeliveryOutcome.values().length);
    assertThat(bucket.path("p50Micros").asLong()).isEqualTo(200);
    assertThat(bucket.path("p99Micros").asLong()).isEqualTo(298);
    assertThat(byHour.path("bucket").asText()).isEqualTo("hour");
    assertThat(byHour.path("buckets").get(0).path("start").asText())
        .isEqualTo("2030-01-01T09:00:00Z");
  }

  @Test
  void aTimelineShowsEachEventWithEveryRecipientsOutcome() {
    EventRecord first = event("relay-1:t1", "t-1", Optional.empty(), NOW.minusSeconds(20));
    EventRecord second = event("relay-1:t2", "t-1", Optional.empty(), NOW.minusSeconds(10));
    relay
        .history()
        .append(
            List.of(first, second),
            List.of(
                delivered(first, "alice", 10),
                outcome(first, "bob", DeliveryOutcome.COALESCED),
                delivered(second, "alice", 20)));

    ApiResponse response = admin.get("/api/admin/uploads/t-1/timeline");

    assertThat(response.status()).isEqualTo(200);
    JsonNode timeline = response.json();
    assertThat(timeline.path("uploadId").asText()).isEqualTo("t-1");
    assertThat(timeline.path("truncated").asBoolean()).isFalse();
    JsonNode event = timeline.path("events").get(0);
    assertThat(event.path("eventId").asText()).isEqualTo("relay-1:t1");
    assertThat(event.path("channel").asText()).isEqualTo("upload:t-1");
    assertThat(event.path("action").asText()).isEqualTo("upload_progress");
    assertThat(event.path("receivedAt").asText()).isEqualTo("2030-01-01T11:59:40Z");
    assertThat(event.path("sizeBytes").asInt()).isEqualTo(64);
    assertThat(event.path("deliveries")).hasSize(2);
    JsonNode coalesced = event.path("deliveries").get(1);
    assertThat(coalesced.path("userId").asText()).isEqualTo("bob");
    assertThat(coalesced.path("outcome").asText()).isEqualTo("coalesced");
    assertThat(coalesced.path("connections").asInt()).isZero();
    assertThat(coalesced.path("firstWrittenAt").isNull()).isTrue();
    assertThat(coalesced.path("latencyMicros").isNull()).isTrue();
    assertThat(coalesced.path("instanceId").asText()).isEqualTo("relay-1");
    assertThat(timeline.path("events").get(1).path("eventId").asText()).isEqualTo("relay-1:t2");
  }

  @Test
  void connectionsListThisInstancesSocketsAndQueues() {
    relay
        .connections()
        .add(
            new ConnectionSnapshot("c-1", new UserId("alice"), NOW.minusSeconds(5), 3, 300, 40, 5));
    relay.as("worker", Role.SERVICE).put("/api/uploads/conn-1", "{\"ownerId\":\"alice\"}");
    relay.as("alice").post("/api/uploads/conn-1/subscription");

    ApiResponse response = admin.get("/api/admin/connections");

    assertThat(response.status()).isEqualTo(200);
    JsonNode connection = response.json().path("connections").get(0);
    assertThat(connection.path("connectionId").asText()).isEqualTo("c-1");
    assertThat(connection.path("userId").asText()).isEqualTo("alice");
    assertThat(connection.path("since").asText()).isEqualTo("2030-01-01T11:59:55Z");
    assertThat(connection.path("subscriptions").asInt()).isEqualTo(1);
    assertThat(connection.path("queuedFrames").asInt()).isEqualTo(3);
    assertThat(connection.path("queuedBytes").asLong()).isEqualTo(300);
    assertThat(connection.path("framesSent").asLong()).isEqualTo(40);
    assertThat(connection.path("framesCoalesced").asLong()).isEqualTo(5);
  }

  @Test
  void onlyAdminsMayReadTheAdminApi() {
    List<String> paths =
        List.of(
            "/api/admin/deliveries",
            "/api/admin/deliveries/stats",
            "/api/admin/uploads/u-1/timeline",
            "/api/admin/connections");
    for (String path : paths) {
      ApiResponse anonymous = relay.anonymous().get(path);
      assertThat(anonymous.status()).as(path).isEqualTo(401);
      assertThat(anonymous.errorCode()).isEqualTo("unauthorized");
      assertThat(relay.as("alice").get(path).status()).as(path).isEqualTo(403);
      assertThat(relay.as("worker", Role.SERVICE).get(path).errorCode()).isEqualTo("forbidden");
      assertThat(admin.get(path).status()).as(path).isEqualTo(200);
    }
  }

  @Test
  void everyBadParameterIsRejectedByName() {
    for (String[] badCase : BAD_PARAMETERS) {
      ApiResponse response = admin.get(badCase[0]);
      assertThat(response.status()).as(badCase[0]).isEqualTo(400);
      assertThat(response.errorCode()).as(badCase[0]).isEqualTo("invalid_value");
      assertThat(response.errorField()).as(badCase[0]).isEqualTo(badCase[1]);
    }
    assertThat(
            admin
                .get("/api/admin/deliveries/stats?since=2029-01-01T00:00:00Z&bucket=hour")
                .status())
        .isEqualTo(200);
  }

  @Test
  void nonAdminsAreForbiddenBeforeAnyParameterIsChecked() {
    ApiClient user = relay.as("alice");
    ApiClient service = relay.as("worker", Role.SERVICE);
    for (String[] badCase : BAD_PARAMETERS) {
      for (ApiClient caller : List.of(user, service)) {
        ApiResponse response = caller.get(badCase[0]);
        assertThat(response.status()).as(badCase[0]).isEqualTo(403);
        assertThat(response.errorCode()).as(badCase[0]).isEqualTo("forbidden");
        assertThat(response.errorField()).as(badCase[0]).isNull();
      }
    }
    // The one endpoint without parameters ignores unknown ones, for admins and others alike.
    assertThat(user.get("/api/admin/connections?limit=abc").status()).isEqualTo(403);
    assertThat(admin.get("/api/admin/connections?limit=abc").status()).isEqualTo(200);
  }

  @Test
  void anUnknownAdminPathIsForbiddenToNonAdminsAndNotFoundForAdmins() {
    assertThat(relay.as("alice").get("/api/admin/nothing-here").status()).isEqualTo(403);
    assertThat(admin.get("/api/admin/nothing-here").status()).isEqualTo(404);
  }

  private static EventRecord event(
      String eventId, String uploadId, Optional<String> batchId, Instant at) {
    return new EventRecord(
        eventId,
        "upload:" + uploadId,
        "upload_progress",
        Optional.of(uploadId),
        batchId,
        64,
        at,
        "relay-1");
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
