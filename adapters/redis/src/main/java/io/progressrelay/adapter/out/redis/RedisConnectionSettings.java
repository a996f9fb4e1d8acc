package io.progressrelay.adapter.out.redis;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisClientConfig;

/**
 * How to talk to a Redis server once its address is known, whatever found it (a URL, Sentinel, or a
 * cluster's slot map): TLS or not, which ACL user, which database, and how long to wait.
 *
 * @param timeout for connecting and for each reply
 * @param tls empty for plain TCP
 * @param user empty to send no {@code AUTH}
 * @param database the logical database ({@code SELECT}); 0 on Redis Cluster and Sentinel setups
 *     that keep to the default
 */
public record RedisConnectionSettings(
    Duration timeout, Optional<RedisTls> tls, Optional<RedisUser> user, int database) {

  public RedisConnectionSettings {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(user, "user");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the Redis timeout must be positive, got " + timeout);
    }
    if (database < 0) {
      throw new IllegalArgumentException("the Redis database must be 0 or more, got " + database);
    }
  }

  /** Plain TCP, no {@code AUTH}, database 0. */
  public static RedisConnectionSettings plain(Duration timeout) {
    return new RedisConnectionSettings(timeout, Optional.empty(), Optional.empty(), 0);
  }

  public RedisConnectionSettings withTimeout(Duration timeout) {
    return new RedisConnectionSettings(timeout, tls, user, database);
  }

  /** The same, over TLS with {@code tls}. */
  public RedisConnectionSettings withTls(RedisTls tls) {
    return new RedisConnectionSettings(timeout, Optional.of(tls), user, database);
  }

  /**
   * The Jedis configuration of a connection that {@code CLIENT LIST} shows as {@code clientName}.
   */
  public JedisClientConfig clientConfig(String clientName) {
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    var builder =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(millis)
            .socketTimeoutMillis(millis)
            .database(database)
            .clientName(clientName);
    tls.ifPresent(
        t -> builder.ssl(true).sslSocketFactory(t.socketFactory()).sslParameters(t.parameters()));
    user.ifPresent(u -> builder.user(u.username().orElse(null)).password(u.password()));
    return builder.build();
  }

  /** For logs: TLS or not, the user, the database; never a password. */
  public String describe() {
    return tls.map(RedisTls::describe).orElse("plain TCP")
        + user.map(u -> ", user " + u.describe()).orElse("")
        + (database == 0 ? "" : ", database " + database);
  }
}
