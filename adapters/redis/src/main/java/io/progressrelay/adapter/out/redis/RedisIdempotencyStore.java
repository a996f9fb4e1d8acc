package io.progressrelay.adapter.out.redis;

import io.progressrelay.application.port.out.publish.IdempotencyStore;
import io.progressrelay.application.port.out.publish.PublishUnavailableException;
import io.progressrelay.domain.PublishedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * Idempotency keys in Redis, so every instance sees them: {@code SET <prefix><key> "P
 * <fingerprint>" NX PX <in flight>} claims a key, and the answer replaces the claim ({@code "D
 * <fingerprint>"} and a line per published event) for the window. Connects lazily. Thread-safe.
 */
public final class RedisIdempotencyStore implements IdempotencyStore, AutoCloseable {
  /** The default prefix of the keys in Redis. */
  public static final String DEFAULT_PREFIX = "progress-relay:idempotency:";

  private static final String RELEASE =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end"
          + " return 0";

  private final UnifiedJedis pool;
  private final String server;
  private final String prefix;

  public RedisIdempotencyStore(RedisSettings redis, String prefix) {
    this.pool = RedisPools.open(redis, "progress-relay-idempotency");
    this.server = redis.describe();
    this.prefix = Objects.requireNonNull(prefix, "prefix");
  }

  /** Keys on a Redis Cluster, each on the master of its slot. */
  public RedisIdempotencyStore(RedisClusterSettings cluster, String prefix) {
    this.pool = cluster.open("progress-relay-idempotency");
    this.server = cluster.describe();
    this.prefix = Objects.requireNonNull(prefix, "prefix");
  }

  @Override
  public Optional<Attempt> claim(String key, String fingerprint, Duration inFlight) {
    String redisKey = prefix + key;
    String claim = "P " + fingerprint;
    return call(
        () -> {
          // A key that expires between SET and GET is claimed on the next round.
          for (int round = 0; round < 3; round++) {
            if ("OK"
                .equals(
                    pool.set(redisKey, claim, SetParams.setParams().nx().px(millis(inFlight))))) {
              return Optional.empty();
            }
            String held = pool.get(redisKey);
            if (held != null) {
              return Optional.of(decode(held));
            }
          }
          throw new PublishUnavailableException("the idempotency key keeps expiring", null);
        });
  }

  @Override
  public void complete(
      String key, String fingerprint, List<PublishedEvent> answer, Duration window) {
    var value = new StringBuilder("D ").append(fingerprint);
    for (PublishedEvent event : answer) {
      value
          .append('\n')
          .append(event.channel())
          .append('\t')
          .append(event.entryId() == null ? "" : event.entryId())
          .append('\t')
          .append(event.receivers());
    }
    call(() -> pool.set(prefix + key, value.toString(), SetParams.setParams().px(millis(window))));
  }

  @Override
  public void release(String key, String fingerprint) {
    call(() -> pool.eval(RELEASE, 1, prefix + key, "P " + fingerprint));
  }

  private static Attempt decode(String held) {
    String[] lines = held.split("\n", -1);
    String fingerprint = lines[0].substring(2);
    if (lines[0].startsWith("P ")) {
      return new Attempt(fingerprint, Optional.empty());
    }
    List<PublishedEvent> answer = new ArrayList<>(lines.length - 1);
    for (int i = 1; i < lines.length; i++) {
      String[] fields = lines[i].split("\t", -1);
      answer.add(
          new PublishedEvent(
              fields[0], fields[1].isEmpty() ? null : fields[1], Long.parseLong(fields[2])));
    }
    return new Attempt(fingerprint, Optional.of(answer));
  }

  private static long millis(Duration duration) {
    return Math.max(1, duration.toMillis());
  }

  private <T> T call(Supplier<T> command) {
    try {
      return command.get();
    } catch (JedisException e) {
      throw new PublishUnavailableException(
          "cannot reach Redis at " + server + " for idempotency keys: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
