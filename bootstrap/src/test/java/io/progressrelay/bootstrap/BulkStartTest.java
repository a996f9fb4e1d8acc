package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.application.service.fanout.FanOutEngine;
import io.progressrelay.domain.Role;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bulk starts (issue 17) end to end, on real PostgreSQL and Redis: 20,000 events on ids nobody
 * registered, published at once, cost a few batched queries, hold up no registered upload, and do
 * not push an actively followed upload out of a route cache far smaller than the burst; an id seen
 * unregistered receives its events once registered.
 */
class BulkStartTest {
  private static final int BURST = 20_000;
  private static final int CAPACITY = 1_000;
  private static final StorageCalls STORAGE = new StorageCalls();
  private static RelayUnderTest relay;
  private static RedisPublisher redis;
  private static String worker;

  @BeforeAll
  static void startRelay() {
    relay =
        RelayUnderTest.onBackends(
            "BulkStartTest",
            STORAGE,
            Map.of("RELAY_LATEST_STATE_CAPACITY", Integer.toString(CAPACITY)));
    redis = relay.publisher();
    worker = relay.tokenFor("worker", Role.SERVICE);
    await().atMost(Duration.ofSeconds(10)).until(relay.application()::listening);
  }

  @AfterAll
  static void stopRelay() {
    redis.close();
    relay.close();
  }

  @Test
  void aBurstOfNewIdsIsLoadedInBatchesAndNeitherDelaysNorEvictsRegisteredUploads() {
    TestSocket active = followingSocket("bulk-active", "active-user");
    String loaded = progress("bulk-active", 1);
    redis.publishUpload("bulk-active", loaded);
    assertThat(active.nextFrame()).isEqualTo(loaded);
    TestSocket fresh = followingSocket("bulk-fresh", "fresh-user");
    // The subscription loaded the fresh upload's route, or is loading it: the burst's ids are new.
    long loadsBefore = engine().stats().audienceLoads();
    STORAGE.reset();

    List<String> unknown = IntStream.range(0, BURST).mapToObj(i -> "bulk-unknown-" + i).toList();
    redis.publishEachUpload(unknown, id -> progress(id, 1));
    List<String> freshEvents =
        List.of(progress("bulk-fresh", 10), progress("bulk-fresh", 60), completed("bulk-fresh"));
    freshEvents.forEach(event -> redis.publishUpload("bulk-fresh", event));

    assertThat(List.of(fresh.nextFrame(), fresh.nextFrame(), fresh.nextFrame()))
        .containsExactlyElementsOf(freshEvents);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> engine().stats().audienceLoads() - loadsBefore >= BURST);
    // Batched: far fewer queries than ids (each takes up to 1,000; a loader thread that finds the
    // queue short while the burst still arrives takes what is there).
    assertThat(STORAGE.made())
        .allMatch(call -> call.equals("SubscriberDirectory.findAudiences"))
        .hasSizeLessThanOrEqualTo(BURST / 10);

    // The capacity bounds the routes that may go; the two uploads whose followers are connected
    // are pinned besides them.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> engine().routeStats().routes() <= CAPACITY + 2);
    long loadsAfterBurst = engine().stats().audienceLoads();
    String next = progress("bulk-active", 2);
    redis.publishUpload("bulk-active", next);
    assertThat(active.nextFrame()).isEqualTo(next);
    assertThat(engine().stats().audienceLoads())
        .as("the active upload's route was kept, not loaded again")
        .isEqualTo(loadsAfterBurst);
    active.close();
    fresh.close();
  }

  @Test
  void anIdSeenUnregisteredReceivesItsEventsOnceRegistered() {
    long loadsBefore = engine().stats().audienceLoads();
    redis.publishUpload("bulk-late", progress("bulk-late", 1));
    await().until(() -> engine().stats().audienceLoads() > loadsBefore);

    TestSocket late = followingSocket("bulk-late", "late-user");
    String event = completed("bulk-late");
    redis.publishUpload("bulk-late", event);

    assertThat(late.nextFrame()).isEqualTo(event);
    late.close();
  }

  // A socket of the owner of a newly registered upload, subscribed to it through the REST API.
  private static TestSocket followingSocket(String upload, String owner) {
    assertThat(
            relay
                .api
                .put("/api/uploads/" + upload, worker, "{\"ownerId\":\"" + owner + "\"}")
                .status())
        .isEqualTo(201);
    assertThat(
            relay
                .api
                .post("/api/uploads/" + upload + "/subscription", relay.tokenFor(owner))
                .status())
        .isEqualTo(201);
    return relay.socketFor(owner);
  }

  private static FanOutEngine engine() {
    return relay.application().engine();
  }

  private static String progress(String upload, int percent) {
    return "{\"action\":\"upload_progress\",\"upload_id\":\""
        + upload
        + "\",\"progress_percent\":"
        + percent
        + "}";
  }

  private static String completed(String upload) {
    return "{\"action\":\"upload_completed\",\"upload_id\":\"" + upload + "\"}";
  }
}
