package io.progressrelay.bench.suite;

import io.progressrelay.bench.load.Server.Protocol;
import io.progressrelay.bench.load.Server.ServerSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How each server under test is started; every one gets the same secret and Redis. */
final class ServerSpecs {

  static ServerSpec of(String name, SuiteOptions options, String historyLevel) {
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
      case "relay" -> relay(options, historyLevel);
      case "node_ws" ->
          new ServerSpec(
              "node_ws",
              Protocol.WEBSOCKET,
              7101,
              peers.resolve("node_ws"),
              List.of("node", "server.mjs"),
              with(peerEnv, "PORT", "7101"),
              false);
      case "seed_py" ->
          new ServerSpec(
              "seed_py",
              Protocol.WEBSOCKET,
              7102,
              peers.resolve("seed_py"),
              List.of("/usr/bin/python3", "app.py"),
              with(peerEnv, "PORT", "7102"),
              false);
      case "socketio" ->
          new ServerSpec(
              "socketio",
              Protocol.SOCKET_IO,
              7303,
              peers.resolve("socketio"),
              List.of("node", "server.js"),
              with(peerEnv, "PORT", "7303"),
              false);
      default -> throw new IllegalArgumentException("unknown server " + name);
    };
  }

  private static ServerSpec relay(SuiteOptions options, String historyLevel) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
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
                "7201",
                "RELAY_JWT_SECRET",
                SuiteOptions.SECRET,
                "RELAY_DB_URL",
                options.databaseUrl(),
                "RELAY_REDIS_URL",
                "redis://" + options.redisHost() + ":" + options.redisPort(),
                "RELAY_HISTORY_LEVEL",
                historyLevel,
                "RELAY_LOG_LEVEL",
                "WARN"));
    env.putAll(options.relayEnv());
    String level = env.get("RELAY_HISTORY_LEVEL");
    String name = level.equals("all") ? "relay" : "relay-history-" + level;
    return new ServerSpec(
        name, Protocol.WEBSOCKET, 7201, Path.of(".").toAbsolutePath(), command, env, true);
  }

  private static Map<String, String> with(Map<String, String> env, String key, String value) {
    var copy = new java.util.HashMap<>(env);
    copy.put(key, value);
    return copy;
  }

  private ServerSpecs() {}
}
