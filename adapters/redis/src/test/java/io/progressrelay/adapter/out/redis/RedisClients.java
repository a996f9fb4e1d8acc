package io.progressrelay.adapter.out.redis;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;

/** Looks up and kills the connections of one named client, as an operator would. */
final class RedisClients {
  private static final Pattern ENTRY =
      Pattern.compile("^id=(\\d+) .*? name=(\\S*) ", Pattern.MULTILINE);

  private RedisClients() {}

  /** The id of the connection named {@code name} that is in pub/sub mode, if there is one. */
  static Optional<String> pubSubClientId(String name) {
    try (Jedis jedis = TestRedis.settings().connect()) {
      return find(jedis.clientList(ClientType.PUBSUB), name);
    }
  }

  /** The id of any connection named {@code name}. */
  static Optional<String> clientId(String name) {
    try (Jedis jedis = TestRedis.settings().connect()) {
      return find(jedis.clientList(), name);
    }
  }

  /** {@code CLIENT KILL TYPE pubsub ID <id>}: the type as asked, the id so only ours is hit. */
  static long killPubSubClient(String id) {
    try (Jedis jedis = TestRedis.settings().connect()) {
      return jedis.clientKill(ClientKillParams.clientKillParams().type(ClientType.PUBSUB).id(id));
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
