package io.progressrelay.adapter.out.redis;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Where Redis is and how to talk to it: the server of {@code url} ({@code
 * redis://[user:password@]host[:port][/db]}, or {@code rediss://} for TLS), or, when {@code
 * sentinels} is set, whichever server Sentinel names the master at the time of each connection.
 * Every connection the relay opens is built here, with {@code connection}'s TLS, ACL user, database
 * and timeout.
 */
public record RedisSettings(
    URI url, RedisConnectionSettings connection, Optional<RedisSentinels> sentinels) {
  private static final int DEFAULT_PORT = 6379;

  public RedisSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(sentinels, "sentinels");
    if (!"redis".equals(url.getScheme()) && !"rediss".equals(url.getScheme())) {
      throw new IllegalArgumentException("expected a redis:// or rediss:// URL, got " + url);
    }
    if (url.getHost() == null) {
      throw new IllegalArgumentException("the Redis URL names no host: " + url);
    }
  }

  /**
   * The server of {@code url}, with TLS when its scheme is {@code rediss} (trusting the JVM's
   * certificate authorities), and the user, password and database it names.
   *
   * @throws IllegalArgumentException when the URL is not a usable Redis URL
   */
  public RedisSettings(URI url, Duration timeout) {
    this(
        url,
        new RedisConnectionSettings(
            timeout,
            "rediss".equals(url.getScheme())
                ? Optional.of(RedisTls.withSystemTrust())
                : Optional.empty(),
            userOf(url),
            databaseOf(url)),
        Optional.empty());
  }

  /**
   * The user and password in {@code url}: {@code user:password@} for an ACL user, {@code
   * :password@} for the default user; percent-escapes are decoded.
   *
   * @throws IllegalArgumentException for user information without a colon, which is ambiguous
   */
  public static Optional<RedisUser> userOf(URI url) {
    String info = url.getUserInfo();
    if (info == null || info.isEmpty()) {
      return Optional.empty();
    }
    int colon = info.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "write the credentials in the Redis URL as user:password@ or :password@ (for the default"
              + " user)");
    }
    String user = info.substring(0, colon);
    return Optional.of(
        new RedisUser(
            user.isEmpty() ? Optional.empty() : Optional.of(user), info.substring(colon + 1)));
  }

  /**
   * The database number in {@code url}'s path ({@code /2}), 0 when none.
   *
   * @throws IllegalArgumentException when the path is not a database number
   */
  public static int databaseOf(URI url) {
    String path = url.getPath();
    if (path == null || path.isEmpty() || path.equals("/")) {
      return 0;
    }
    try {
      int database = Integer.parseInt(path.substring(1));
      if (database >= 0) {
        return database;
      }
    } catch (NumberFormatException e) {
      // falls through to the explanation below
    }
    throw new IllegalArgumentException(
        "expected a database number after the Redis URL's host, such as /0, got '" + path + "'");
  }

  /** How long to wait for a connection and for each reply. */
  public Duration timeout() {
    return connection.timeout();
  }

  public RedisSettings withTimeout(Duration timeout) {
    return new RedisSettings(url, connection.withTimeout(timeout), sentinels);
  }

  public RedisSettings withConnection(RedisConnectionSettings connection) {
    return new RedisSettings(url, connection, sentinels);
  }

  /** The master Sentinel names, in place of the URL's host and port. */
  public RedisSettings withSentinels(RedisSentinels sentinels) {
    return new RedisSettings(url, connection, Optional.of(sentinels));
  }

  /** Opens a new connection; the caller closes it. */
  public Jedis connect() {
    return connect("progress-relay");
  }

  /**
   * Opens a new connection that {@code CLIENT LIST} shows as {@code clientName}; with Sentinel, to
   * the master Sentinel names now, checked to be a master.
   *
   * @throws JedisException when Redis (or Sentinel) cannot be reached or refuses the credentials
   */
  public Jedis connect(String clientName) {
    if (sentinels.isEmpty()) {
      return new Jedis(address(), connection.clientConfig(clientName));
    }
    HostAndPort master = sentinels.get().currentMaster();
    Jedis jedis = new Jedis(master, connection.clientConfig(clientName));
    requireMaster(jedis, master);
    return jedis;
  }

  /**
   * As {@link #connect(String)}, for a connection that stays open for long (a subscription, a
   * blocking read): with Sentinel it is also closed under its user as soon as Sentinel names
   * another master, so the user's reconnect reaches the new one. Without Sentinel it is a plain
   * connection.
   */
  public Jedis connectFollowingFailover(String clientName) {
    if (sentinels.isEmpty()) {
      return connect(clientName);
    }
    HostAndPort master = sentinels.get().currentMaster();
    var jedis = new WatchedJedis(master, connection.clientConfig(clientName));
    requireMaster(jedis, master);
    jedis.followFailovers(sentinels.get(), master);
    return jedis;
  }

  /** The server of the URL; not used with Sentinel. */
  HostAndPort address() {
    return new HostAndPort(url.getHost(), url.getPort() > 0 ? url.getPort() : DEFAULT_PORT);
  }

  /** Where Redis is, for logs: the URL's host and port, or the Sentinel setup; never a password. */
  public String describe() {
    return sentinels.map(RedisSentinels::describe).orElseGet(() -> address().toString());
  }

  // Sentinel's answer may lag a failover, or come from a Sentinel cut off from the others.
  private static void requireMaster(Jedis jedis, HostAndPort address) {
    try {
      List<Object> role = jedis.role();
      Object kind = role.isEmpty() ? null : role.get(0);
      String name =
          kind instanceof byte[] bytes
              ? new String(bytes, StandardCharsets.US_ASCII)
              : String.valueOf(kind);
      if (!"master".equals(name)) {
        throw new JedisConnectionException(
            "Sentinel named " + address + " the master, but it is a " + name);
      }
    } catch (JedisException e) {
      jedis.close();
      throw e;
    }
  }
}
