package io.progressrelay.adapter.out.redis;

import java.util.LinkedHashSet;
import java.util.Map;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.providers.ConnectionProvider;
import redis.clients.jedis.providers.SentineledConnectionProvider;

/**
 * Pooled connections to the master Sentinel names, following failovers (Jedis's {@link
 * SentineledConnectionProvider} listens for {@code +switch-master} and swaps its pool). Jedis asks
 * Sentinel when the provider is built and fails if no Sentinel answers; this one builds it at the
 * first command instead, and tries again at each command until it succeeds, so the relay starts
 * while Sentinel is down, as it does while a plain Redis is. Thread-safe.
 */
final class SentinelMasterPool implements ConnectionProvider {
  private final RedisSentinels sentinels;
  private final JedisClientConfig masterConfig;
  private final ConnectionPoolConfig poolConfig;
  private volatile SentineledConnectionProvider delegate; // built under this
  private boolean closed; // guarded by this

  SentinelMasterPool(
      RedisSentinels sentinels, JedisClientConfig masterConfig, ConnectionPoolConfig poolConfig) {
    this.sentinels = sentinels;
    this.masterConfig = masterConfig;
    this.poolConfig = poolConfig;
  }

  @Override
  public Connection getConnection() {
    return delegate().getConnection();
  }

  @Override
  public Connection getConnection(CommandArguments args) {
    return delegate().getConnection(args);
  }

  @Override
  public Map<?, ?> getConnectionMap() {
    return delegate().getConnectionMap();
  }

  @Override
  public Map<?, ?> getPrimaryNodesConnectionMap() {
    return delegate().getPrimaryNodesConnectionMap();
  }

  private SentineledConnectionProvider delegate() {
    SentineledConnectionProvider built = delegate;
    return built != null ? built : build();
  }

  private synchronized SentineledConnectionProvider build() {
    if (closed) {
      throw new IllegalStateException("the Redis pool is closed");
    }
    if (delegate == null) {
      delegate =
          new SentineledConnectionProvider(
              sentinels.masterName(),
              masterConfig,
              poolConfig,
              new LinkedHashSet<>(sentinels.addresses()),
              sentinels.connection().clientConfig("progress-relay-sentinel-pool"));
    }
    return delegate;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (delegate != null) {
      delegate.close();
      delegate = null;
    }
  }
}
