package io.progressrelay.bootstrap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.adapter.out.redis.ClusterTopology;
import io.progressrelay.adapter.out.redis.ThrowawayRedisCluster;
import io.progressrelay.domain.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * {@code redis-cli --cluster reshard} moves thousands of slots, watched channels' among them, while
 * a worker publishes on every master: afterwards every watched channel is subscribed at its new
 * master, each upload's events arrived in order without repeats, and the next event of every upload
 * arrives.
 */
class ClusterReshardTest {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterReshardTest.class);
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final int SLOTS_MOVED = 3_000;
  private static final int UPLOADS_PER_MASTER = 4;

  private final ThrowawayRedisCluster cluster = ThrowawayRedisCluster.shared();
  private RelayUnderTest relay;
  private JedisCluster workers;

  @BeforeEach
  void start() {
    relay =
        RelayUnderTest.onRedis(
            "ClusterReshardTest",
            cluster.url(),
            Map.of(
                "RELAY_REDIS_MODE", "cluster",
                "RELAY_REDIS_CLUSTER_NODES", cluster.seedList(),
                "RELAY_REDIS_SUBSCRIPTIONS", "interest"));
    await().atMost(DEADLINE).until(relay.application()::listening);
    workers = cluster.settings().open("test-worker");
  }

  @AfterEach
  void stop() {
    workers.close();
    relay.close();
  }

  @Test
  void aReshardByRedisCliDuringARunLosesNoSubscriptionAndKeepsEachUploadInOrder() throws Exception {
    ClusterTopology before = topology();
    HostAndPort source = before.masterOf(relay.channels().upload("x"));
    HostAndPort target =
        before.masters().stream().filter(m -> !m.equals(source)).findFirst().orElseThrow();
    List<String> uploads = uploadsOnEveryMaster(before, source);
    String worker = relay.tokenFor("worker", Role.SERVICE);
    for (String id : uploads) {
      relay.api.put("/api/uploads/" + id, worker, "{\"ownerId\":\"alice\"}");
      relay.api.post("/api/uploads/" + id + "/subscription", relay.tokenFor("alice"));
    }
    TestSocket alice = relay.socketFor("alice");
    var running = new AtomicBoolean(true);
    var published = new HashMap<String, Integer>();
    Thread publisher =
        new Thread(
            () -> {
              for (int n = 0; running.get(); n++) {
                for (String id : uploads) {
                  try {
                    workers.spublish(relay.channels().upload(id), event(id, n));
                    published.merge(id, 1, Integer::sum);
                  } catch (RuntimeException e) { // MOVED/ASK retried by Jedis; a lost one is fine
                    LOG.debug("publish failed during the reshard: {}", e.getMessage());
                  }
                }
                pause(5);
              }
            },
            "test-publisher");
    publisher.start();

    long started = System.nanoTime();
    String output =
        redisCli(
            "--cluster",
            "reshard",
            source.toString(),
            "--cluster-from",
            nodeId(source),
            "--cluster-to",
            nodeId(target),
            "--cluster-slots",
            String.valueOf(SLOTS_MOVED),
            "--cluster-yes");
    LOG.info(
        "redis-cli --cluster reshard moved {} slots in {} ms",
        SLOTS_MOVED,
        (System.nanoTime() - started) / 1_000_000);
    ClusterTopology after = topology();
    List<String> moved =
        uploads.stream()
            .filter(
                id ->
                    !after
                        .masterOf(relay.channels().upload(id))
                        .equals(before.masterOf(relay.channels().upload(id))))
            .toList();
    assertThat(moved).as("watched channels the reshard moved:\n" + output).isNotEmpty();

    for (String id : uploads) {
      String channel = relay.channels().upload(id);
      await()
          .atMost(DEADLINE)
          .until(() -> cluster.shardSubscribers(after.masterOf(channel), channel) == 1);
    }
    running.set(false);
    publisher.join();
    await().atMost(DEADLINE).until(relay.application()::listening);
    for (String id : uploads) {
      workers.spublish(relay.channels().upload(id), event(id, -1)); // the marker: last of each
    }

    Map<String, List<Integer>> received = new LinkedHashMap<>();
    int markers = 0;
    while (markers < uploads.size()) {
      String frame = alice.nextFrame();
      String id = frame.replaceAll(".*\"upload\":\"([^\"]+)\".*", "$1");
      int n = Integer.parseInt(frame.replaceAll(".*\"n\":(-?\\d+).*", "$1"));
      if (n < 0) {
        markers++;
      } else {
        received.computeIfAbsent(id, k -> new ArrayList<>()).add(n);
      }
    }
    for (var entry : received.entrySet()) {
      List<Integer> numbers = entry.getValue();
      for (int i = 1; i < numbers.size(); i++) {
        assertThat(numbers.get(i))
            .as(entry.getKey() + " in order, once")
            .isGreaterThan(numbers.get(i - 1));
      }
    }
    int lost = 0;
    for (String id : uploads) {
      lost += published.getOrDefault(id, 0) - received.getOrDefault(id, List.of()).size();
    }
    LOG.info(
        "{} uploads ({} moved): {} events published, {} lost during the reshard",
        uploads.size(),
        moved.size(),
        published.values().stream().mapToInt(Integer::intValue).sum(),
        lost);
    alice.close();
  }

  /** Uploads on every master; those on {@code source} in the slots a reshard takes first. */
  private List<String> uploadsOnEveryMaster(ClusterTopology topology, HostAndPort source) {
    int lowest = 0;
    while (!topology.masterOf(slotName(lowest)).equals(source)) {
      lowest++;
    }
    Map<HostAndPort, List<String>> byMaster = new LinkedHashMap<>();
    for (int i = 0;
        byMaster.values().stream().mapToInt(List::size).sum()
            < UPLOADS_PER_MASTER * topology.masters().size();
        i++) {
      String id = "reshard-" + i;
      String channel = relay.channels().upload(id);
      HostAndPort master = topology.masterOf(channel);
      int slot = JedisClusterCRC16.getSlot(channel);
      if (master.equals(source) && slot >= lowest + SLOTS_MOVED / 2) {
        continue; // keep the source's uploads among the slots that move
      }
      List<String> ids = byMaster.computeIfAbsent(master, m -> new ArrayList<>());
      if (ids.size() < UPLOADS_PER_MASTER) {
        ids.add(id);
      }
    }
    return byMaster.values().stream().flatMap(List::stream).toList();
  }

  private static String slotName(int slot) {
    for (int n = 0; ; n++) {
      if (JedisClusterCRC16.getSlot(Integer.toString(n)) == slot) {
        return Integer.toString(n);
      }
    }
  }

  private ClusterTopology topology() {
    return ClusterTopology.load(cluster.settings(), List.of(), "test-admin");
  }

  private String nodeId(HostAndPort node) {
    try (Jedis jedis = cluster.settings().connect(node, "test-admin")) {
      return jedis.clusterMyId();
    }
  }

  private static String event(String upload, int n) {
    return "{\"action\":\"upload_progress\",\"upload\":\"" + upload + "\",\"n\":" + n + "}";
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String redisCli(String... arguments) throws InterruptedException {
    List<String> command = new ArrayList<>(List.of("redis-cli"));
    command.addAll(List.of(arguments));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " failed:\n" + new String(output, UTF_8));
      }
      return new String(output, UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
