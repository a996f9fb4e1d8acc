package io.progressrelay.adapter.out.redis;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The Redis Sentinel processes that know which server is the master named {@code masterName}, and
 * how to talk to them (their own TLS and ACL user, which may differ from the master's). Immutable
 * and thread-safe.
 */
public record RedisSentinels(
    String masterName, List<HostAndPort> addresses, RedisConnectionSettings connection) {

  public RedisSentinels {
    Objects.requireNonNull(masterName, "masterName");
    Objects.requireNonNull(connection, "connection");
    addresses = List.copyOf(addresses);
    if (masterName.isBlank()) {
      throw new IllegalArgumentException("the Sentinel master name must not be blank");
    }
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("at least one Sentinel address is needed");
    }
  }

  /**
   * Parses {@code host:port,host:port}; IPv6 addresses go in brackets ({@code [::1]:26379}).
   *
   * @throws IllegalArgumentException naming the item that is not a host and port
   */
  public static List<HostAndPort> parseAddresses(String text) {
    Set<HostAndPort> addresses = new LinkedHashSet<>();
    for (String item : text.split(",")) {
      String trimmed = item.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      int colon = trimmed.lastIndexOf(':');
      String host = colon > 0 ? trimmed.substring(0, colon) : "";
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port;
      try {
        port = Integer.parseInt(trimmed.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (host.isBlank() || port < 1 || port > 65_535) {
        throw new IllegalArgumentException(
            "expected host:port items such as 10.0.0.5:26379, got '" + trimmed + "'");
      }
      addresses.add(new HostAndPort(host, port));
    }
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("expected at least one host:port, got '" + text + "'");
    }
    return List.copyOf(addresses);
  }

  /**
   * Asks the Sentinels in turn where the master is now; the first that knows answers.
   *
   * @throws JedisConnectionException when no Sentinel answers, or none knows the master
   */
  public HostAndPort currentMaster() {
    JedisException firstProblem = null;
    for (HostAndPort sentinel : addresses) {
      try (Jedis jedis = new Jedis(sentinel, connection.clientConfig("progress-relay-sentinel"))) {
        List<String> address = jedis.sentinelGetMasterAddrByName(masterName);
        if (address != null && address.size() == 2) {
          return new HostAndPort(address.get(0), Integer.parseInt(address.get(1)));
        }
        firstProblem =
            firstProblem != null
                ? firstProblem
                : new JedisException("Sentinel " + sentinel + " does not monitor " + masterName);
      } catch (JedisException e) {
        firstProblem = firstProblem != null ? firstProblem : e;
      }
    }
    throw new JedisConnectionException(
        "no Sentinel of "
            + describe()
            + " could say where the master is: "
            + firstProblem.getMessage(),
        firstProblem);
  }

  /**
   * Watches the Sentinels for a new master (after a failover) and runs {@code onMove} once when the
   * master is no longer {@code connected}; the caller closes the watch.
   */
  SentinelMasterWatch watch(HostAndPort connected, Runnable onMove) {
    return SentinelMasterWatch.start(this, connected, onMove);
  }

  /** For logs: the master name and the Sentinels' addresses. */
  public String describe() {
    return "master "
        + masterName
        + " via Sentinel "
        + addresses.stream().map(HostAndPort::toString).collect(Collectors.joining(","));
  }
}
