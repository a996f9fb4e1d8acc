package io.progressrelay.bench.suite;

import io.progressrelay.bench.load.Server.Protocol;
import io.progressrelay.bench.load.Server.ServerSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How each server under test is started; every one gets the same secret and Redis. Progress Relay
 * runs as three servers, one per delivery history level: {@code relay} (history {@code all}, its
 * default), {@code relay_terminal} and {@code relay_off}, and a fourth, {@code relay_streams}, that
 * reads the events from a Redis stream (streams mode, history {@code all}) instead of pub/sub; the
 * publishers append to its stream.
 */
final class ServerSpecs {
  /** The relay's servers, each with its history level, in the order the suite runs them. */
  static final Map<String, String> RELAY_HISTORY_LEVELS =
      Map.of(
          "relay", "all", "relay_terminal", "terminal", "relay_off", "off", "relay_streams", "all");

  /** The relay's servers in report order. */
  static final List<String> RELAYS =
      List.of("relay", "relay_terminal", "relay_off", "relay_streams");

  /** The relay in streams mode. */
  static final String STREAMS = "relay_streams";

  /** Whether {@code name} is one of the relay's servers. */
  static boolean isRelay(String name) {
    return RELAY_HISTORY_LEVELS.containsKey(name) || name.equals(SSE);
  }

  /**
   * The relay as {@code relay} runs it (history {@code all}, pub/sub), whose clients read its
   * Server-Sent Events stream ({@code GET /api/events}) instead of a WebSocket and subscribe over
   * its REST API.
   */
  static final String SSE = "relay_sse";

  /** The relay's servers in report order: one per history level (and ingestion mode), then SSE. */
  static List<String> reportedRelays() {
    List<String> relays = new ArrayList<>(RELAYS);
    relays.add(SSE);
    return relays;
  }

  static ServerSpec of(String name, SuiteOptions options) {
    if (isRelay(name)) {
      return relay(name, options, RELAY_HISTORY_LEVELS.getOrDefault(name, "all"));
    }
    String redisUrl = "redis://" + options.redisHost() + ":" + options.redisPort();
    Map<String, String> peerEnv =
        Map.of(
            "BENCH_JWT_SECRET",
            SuiteOptions.SECRET,
            "REDIS_URL",
            redisUrl,
            "BENCH_REDIS_URL",
            redisUrl);
    Path peers = options.peers();
    return switch (name) {
      case "node_ws" ->
          new ServerSpec(
              "node_ws",
              Protocol.WEBSOCKET,
              port(options, 7101),
              peers.resolve("node_ws"),
              List.of("node", "server.mjs"),
              with(peerEnv, "PORT", Integer.toString(port(options, 7101))),
              false);
      case "seed_py" ->
          new ServerSpec(
              "seed_py",
              Protocol.WEBSOCKET,
              port(options, 7102),
              peers.resolve("seed_py"),
              List.of("/usr/bin/python3", "app.py"),
              with(peerEnv, "PORT", Integer.toString(port(options, 7102))),
              false);
      case "socketio" ->
          new ServerSpec(
              "socketio",
              Protocol.SOCKET_IO,
              port(options, 7303),
              peers.resolve("socketio"),
              List.of("node", "server.js"),
              with(peerEnv, "PORT", Integer.toString(port(options, 7303))),
              false);
      default -> throw new IllegalArgumentException("unknown server " + name);
    };
  }

  private static ServerSpec relay(String name, SuiteOptions options, String historyLevel) {
    return relay(name, options, historyLevel, port(options, 7201), Map.of());
  }

  /**
   * One of several relay instances side by side ({@code scale-out}): its own name (for its log),
   * {@code port} (before the offset) and settings on top of the suite's, history {@code
   * historyLevel}.
   */
  static ServerSpec relayInstance(
      String name,
      SuiteOptions options,
      String historyLevel,
      int port,
      Map<String, String> settings) {
    return relay(name, options, historyLevel, port(options, port), settings);
  }

  private static ServerSpec relay(
      String name,
      SuiteOptions options,
      String historyLevel,
      int port,
      Map<String, String> settings) {
    List<String> command = new ArrayList<>();
    command.add(options.relayJavaHome().resolve("bin").resolve("java").toString());
    command.addAll(options.relayJvmOptions());
    command.add("-jar");
    command.add(options.relayJar().toAbsolutePath().toString());
    command.add("serve");
    Map<String, String> env =
        new java.util.HashMap<>(
            Map.of(
                "RELAY_HTTP_HOST",
                "127.0.0.1",
                "RELAY_HTTP_PORT",
                Integer.toString(port),
                "RELAY_JWT_SECRET",
                SuiteOptions.SECRET,
                "RELAY_DB_URL",
                options.databaseUrl(),
                "RELAY_REDIS_URL",
                "redis://" + options.redisHost() + ":" + options.redisPort(),
                "RELAY_LOG_LEVEL",
                "WARN"));
    env.putAll(options.relayEnv());
    env.putAll(settings);
    env.put("RELAY_HISTORY_LEVEL", historyLevel); // the server's name says its level
    if (name.equals(STREAMS)) {
      env.put("RELAY_INGEST", "streams");
      // A stream of this run's own: a relay reading an earlier run's would replay it at start.
      env.put("RELAY_STREAM_KEY", "bench:events:" + System.currentTimeMillis());
      env.put("RELAY_STREAM_START", "1ms");
    }
    return new ServerSpec(
        name,
        name.equals(SSE) ? Protocol.SSE : Protocol.WEBSOCKET,
        port,
        Path.of(".").toAbsolutePath(),
        command,
        env,
        true);
  }

  // Each server's own port, moved by --port-offset so that two suites can share a machine.
  private static int port(SuiteOptions options, int port) {
    return port + options.portOffset();
  }

  private static Map<String, String> with(Map<String, String> env, String key, String value) {
    var copy = new java.util.HashMap<>(env);
    copy.put(key, value);
    return copy;
  }

  private ServerSpecs() {}
}
