package io.progressrelay.adapter.out.redis;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Where Redis is ({@code redis://[user:password@]host[:port][/db]}, or {@code rediss://} for TLS)
 * and how long to wait for it.
 */
public record RedisSettings(URI url, Duration timeout) {
  private static final int DEFAULT_PORT = 6379;

  public RedisSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(timeout, "timeout");
  }

  /** Opens a new connection; the caller closes it. */
  public Jedis connect() {
    return connect("progress-relay");
  }

  /** Opens a new connection that {@code CLIENT LIST} shows as {@code clientName}. */
  public Jedis connect(String clientName) {
    return new Jedis(hostAndPort(), clientConfig(clientName));
  }

  /** Connection settings with the configured timeout for connecting and for each reply. */
  DefaultJedisClientConfig clientConfig(String clientName) {
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    return DefaultJedisClientConfig.builder(url)
        .connectionTimeoutMillis(millis)
        .socketTimeoutMillis(millis)
        .clientName(clientName)
        .build();
  }

  HostAndPort hostAndPort() {
    return new HostAndPort(url.getHost(), url.getPort() > 0 ? url.getPort() : DEFAULT_PORT);
  }

  /** Host and port only: never the password the URL may carry. */
  public String describe() {
    return url.getHost() + ":" + (url.getPort() > 0 ? url.getPort() : DEFAULT_PORT);
  }
}
