package io.progressrelay.bootstrap;

import io.progressrelay.adapter.out.redis.RedisIdempotencyStore;
import io.progressrelay.adapter.out.redis.TestChannels;
import java.util.ArrayList;
import java.util.List;

/**
 * The narrowest ACL rules the relay runs with in each mode, as docs/redis.md lists them: the
 * commands it sends, its idempotency keys (and in streams mode its stream), and its channels; no
 * {@code +@all}, {@code ~*} or {@code &*}.
 */
record RelayAclRules(String mode, List<String> rules) {
  /**
   * On one server: /readyz PINGs, and Jedis names every connection (CLIENT SETNAME). Jedis also
   * sends CLIENT SETINFO, which Redis 7.0 (the tests' server) does not know and ACL SETUSER refuses
   * to name; docs/redis.md adds {@code +client|setinfo} for Redis 7.2 and later.
   */
  private static final List<String> ONE_SERVER = List.of("+ping", "+client|setname");

  /** On a cluster /readyz asks for the slot map (CLUSTER SLOTS) rather than PINGing. */
  private static final List<String> CLUSTER = List.of("+client|setname", "+cluster|slots");

  /** Idempotency keys of the HTTP publish API: SET NX PX, GET, and a script that GETs and DELs. */
  private static final List<String> IDEMPOTENCY_KEYS =
      List.of("+set", "+get", "+eval", "+del", "~" + RedisIdempotencyStore.DEFAULT_PREFIX + "*");

  /** One server, RELAY_REDIS_SUBSCRIPTIONS=pattern (the default). */
  static RelayAclRules patternMode(TestChannels channels) {
    return of(
        "pub/sub, pattern",
        ONE_SERVER,
        List.of("+psubscribe", "+punsubscribe", "+publish", "+multi", "+exec"),
        channels(channels));
  }

  /** One server, RELAY_REDIS_SUBSCRIPTIONS=interest. */
  static RelayAclRules interestMode(TestChannels channels) {
    return of(
        "pub/sub, interest",
        ONE_SERVER,
        List.of("+subscribe", "+unsubscribe", "+publish", "+multi", "+exec"),
        channels(channels));
  }

  /** One server, RELAY_INGEST=streams: no pub/sub, one stream key. */
  static RelayAclRules streamsMode(String streamKey) {
    return of(
        "streams",
        ONE_SERVER,
        List.of(
            "+xadd",
            "+xread",
            "+xrange",
            "+xrevrange",
            "+time",
            "+multi",
            "+exec",
            "~" + streamKey),
        List.of());
  }

  /** RELAY_REDIS_MODE=cluster: sharded pub/sub, the control channel's copies on every master. */
  static RelayAclRules clusterMode(TestChannels channels) {
    List<String> patterns = new ArrayList<>(channels(channels));
    patterns.add("&" + channels.controlChannel() + "{*}");
    return of(
        "Redis Cluster", CLUSTER, List.of("+spublish", "+ssubscribe", "+sunsubscribe"), patterns);
  }

  /** These rules and {@code more}, for example {@code +role} with Sentinel. */
  RelayAclRules plus(String mode, String... more) {
    List<String> all = new ArrayList<>(rules);
    all.addAll(List.of(more));
    return new RelayAclRules(mode, List.copyOf(all));
  }

  private static List<String> channels(TestChannels channels) {
    return List.of(
        "&" + channels.uploadPrefix() + "*",
        "&" + channels.userPrefix() + "*",
        "&" + channels.controlChannel());
  }

  private static RelayAclRules of(
      String mode, List<String> connection, List<String> commands, List<String> channels) {
    List<String> rules = new ArrayList<>(connection);
    rules.addAll(commands);
    rules.addAll(IDEMPOTENCY_KEYS);
    rules.addAll(channels);
    return new RelayAclRules(mode, List.copyOf(rules));
  }

  /** The arguments of {@code ACL SETUSER}: a fresh user, on, with this password and these rules. */
  String[] forUser(String password) {
    List<String> all = new ArrayList<>(List.of("reset", "on", ">" + password));
    all.addAll(rules);
    return all.toArray(String[]::new);
  }

  /** The command an operator would type, for the log and the docs. */
  String setUser(String user) {
    return "ACL SETUSER " + user + " reset on >pw " + String.join(" ", rules);
  }
}
