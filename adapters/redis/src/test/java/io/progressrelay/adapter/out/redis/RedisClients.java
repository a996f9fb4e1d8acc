package io.progressrelay.adapter.out.redis;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientType;

/** Looks up the connections of one named client in {@code CLIENT LIST}, as an operator would. */
public final class RedisClients {
  private static final Pattern ENTRY =
      Pattern.compile("^id=(\\d+) .*? name=(\\S*) ", Pattern.MULTILINE);

  private RedisClients() {}

  /** The id of the connection named {@code name} that is in pub/sub mode, if there is one. */
  public static Optional<String> pubSubClientId(String name) {
    try (Jedis jedis = TestRedis.settings().connect()) {
      return find(jedis.clientList(ClientType.PUBSUB), name);
    }
  }

  /** The id of any connection named {@code name}. */
  public static Optional<String> clientId(String name) {
    try (Jedis jedis = TestRedis.settings().connect()) {
      return find(jedis.clientList(), name);
    }
  }

  private static Optional<String> find(String clientList, String name) {
    Matcher matcher = ENTRY.matcher(clientList);
    while (matcher.find()) {
      if (matcher.group(2).equals(name)) {
        return Optional.of(matcher.group(1));
      }
    }
    return Optional.empty();
  }
}
