package io.progressrelay.bench.load;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.params.XAddParams;

/**
 * Publishes progress events on Redis at a steady rate, as upload workers would: each millisecond's
 * share goes out in one pipeline, round-robin over the uploads, each payload shaped like the
 * vuemantics {@code upload_progress} fixture and stamped with its upload's sequence number and its
 * send time. For a relay in streams mode it appends them to the relay's stream instead ({@code XADD
 * <key> MAXLEN ~ 1000000 * channel upload:<id> data <json>}). Towards a Redis Cluster ({@link
 * #toCluster}) it sends sharded {@code SPUBLISH}es, each to its channel's shard.
 */
public final class Publisher implements AutoCloseable {
  private static final String BODY =
      "\",\"status\":\"analyzing\",\"stage\":\"vision_analysis\",\"progress_percent\":20,"
          + "\"message\":\"%s\",\"error_message\":null,\"description_audit_score\":null},"
          + "\"timestamp\":\"2026-11-26T14:03:22.418211\"";

  private static final XAddParams STREAM_TRIM =
      XAddParams.xAddParams().maxLen(1_000_000).approximateTrimming();

  private final Jedis jedis;
  private final String[] channels;
  private final String[] prefixes;
  private final long[] sequences;
  private final int firstIndex;
  private String streamKey; // null: PUBLISH
  private JedisCluster cluster; // not null: SPUBLISH to the cluster's shards
  private int active; // the first uploads published to, round-robin

  /**
   * A publisher for uploads {@code uploadIds}, whose stamps carry indexes from {@code firstIndex};
   * payloads are padded to about {@code payloadBytes}.
   */
  public Publisher(
      String redisHost, int redisPort, String[] uploadIds, int firstIndex, int payloadBytes) {
    this(redisHost, redisPort, uploadIds, firstIndex, payloadBytes, "upload_progress");
  }

  /**
   * As above, with {@code action} in place of {@code upload_progress}: an action the relay does not
   * know is forwarded in order and never coalesced.
   */
  public Publisher(
      String redisHost,
      int redisPort,
      String[] uploadIds,
      int firstIndex,
      int payloadBytes,
      String action) {
    this.jedis = new Jedis(redisHost, redisPort);
    this.channels = new String[uploadIds.length];
    this.prefixes = new String[uploadIds.length];
    this.sequences = new long[uploadIds.length];
    this.firstIndex = firstIndex;
    this.active = uploadIds.length;
    for (int i = 0; i < uploadIds.length; i++) {
      channels[i] = "upload:" + uploadIds[i];
      String head = "{\"action\":\"" + action + "\",\"payload\":{\"upload_id\":\"" + uploadIds[i];
      int padding = Math.max(0, payloadBytes - head.length() - BODY.length() - 60);
      prefixes[i] = head + String.format(BODY, "Analyzing image content" + "x".repeat(padding));
    }
  }

  /**
   * Appends to the stream of {@code server} instead of publishing when that server reads its events
   * from a stream ({@code RELAY_INGEST=streams}); returns this publisher.
   */
  public Publisher forServer(Server.ServerSpec server) {
    Map<String, String> env = server.environment();
    if ("streams".equals(env.get("RELAY_INGEST"))) {
      streamKey = env.getOrDefault("RELAY_STREAM_KEY", "progress-relay:events");
    }
    return this;
  }

  /**
   * Sends sharded {@code SPUBLISH}es to the cluster of {@code nodes} ({@code host:port,...})
   * instead of publishing on the first Redis; returns this publisher.
   */
  public Publisher toCluster(String nodes) {
    Set<HostAndPort> seeds =
        java.util.Arrays.stream(nodes.split(","))
            .map(HostAndPort::from)
            .collect(Collectors.toSet());
    cluster = new JedisCluster(seeds);
    return this;
  }

  /**
   * Publishes to the first {@code count} uploads only from now on (all of them by default), so that
   * a load can grow by uploads without restarting their sequence numbers; returns this publisher.
   */
  public Publisher toFirst(int count) {
    if (count < 1 || count > channels.length) {
      throw new IllegalArgumentException(
          "toFirst wants 1.." + channels.length + " uploads, got " + count);
    }
    active = count;
    return this;
  }

  /** Publishes {@code perSecond} events for {@code seconds}; returns how many went out. */
  public long publish(int perSecond, double seconds) {
    long total = (long) (perSecond * seconds);
    long start = System.nanoTime();
    long sent = 0;
    int next = 0;
    var payload = new StringBuilder(512);
    while (sent < total) {
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
      long due = Math.min(total, (elapsedMillis + 1) * perSecond / 1000);
      if (due > sent) {
        AbstractPipeline pipeline = cluster == null ? jedis.pipelined() : cluster.pipelined();
        for (; sent < due; sent++) {
          int upload = next;
          next = next + 1 == active ? 0 : next + 1;
          payload.setLength(0);
          payload.append(prefixes[upload]);
          Stamp.append(payload, firstIndex + upload, sequences[upload]++, System.nanoTime());
          if (cluster != null) {
            ((ClusterPipeline) pipeline).spublish(channels[upload], payload.toString());
          } else if (streamKey == null) {
            pipeline.publish(channels[upload], payload.toString());
          } else {
            pipeline.xadd(
                streamKey,
                STREAM_TRIM,
                Map.of("channel", channels[upload], "data", payload.toString()));
          }
        }
        pipeline.sync();
        if (cluster != null) {
          pipeline.close(); // gives the shards' connections back to their pools
        }
      } else {
        LockSupport.parkNanos(100_000);
      }
    }
    return sent;
  }

  /** Events published so far for the upload at {@code index} (0-based within this publisher). */
  public long publishedTo(int index) {
    return sequences[index];
  }

  @Override
  public void close() {
    jedis.close();
    if (cluster != null) {
      cluster.close();
    }
  }
}
