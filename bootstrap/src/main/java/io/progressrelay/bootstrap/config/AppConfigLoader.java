package io.progressrelay.bootstrap.config;

import io.progressrelay.adapter.in.redis.RedisListenerSettings;
import io.progressrelay.adapter.in.redis.RedisStreamSettings;
import io.progressrelay.adapter.in.web.CatchUpPlanner;
import io.progressrelay.adapter.in.web.WebServerSettings;
import io.progressrelay.adapter.in.web.socket.V1SocketOptions;
import io.progressrelay.adapter.in.web.socket.WebSocketSettings;
import io.progressrelay.adapter.out.postgres.PostgresSettings;
import io.progressrelay.adapter.out.redis.RedisClusterSettings;
import io.progressrelay.adapter.out.redis.RedisSettings;
import io.progressrelay.application.service.fanout.ContinuitySettings;
import io.progressrelay.application.service.fanout.FanOutSettings;
import io.progressrelay.domain.DeliveryPolicies;
import io.progressrelay.domain.DeliveryPolicy;
import io.progressrelay.domain.HistoryLevel;
import io.progressrelay.domain.SubscriptionPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import redis.clients.jedis.HostAndPort;

/**
 * Builds {@link AppConfig} from {@code RELAY_*} environment variables; the README lists them all.
 */
public final class AppConfigLoader {
  static final String DEFAULT_DB_URL = "jdbc:postgresql://127.0.0.1:5432/progress_relay";
  static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
  private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(2);

  private AppConfigLoader() {}

  /**
   * @throws ConfigException naming the first variable whose value cannot be used
   */
  public static AppConfig load(Map<String, String> variables) {
    var env = new Environment(variables);
    logFormat(env);
    RelayEnvironment environment =
        env.choice("RELAY_ENV", RelayEnvironment.class, RelayEnvironment.DEVELOPMENT);
    Duration resumeWindowAge =
        env.duration("RELAY_RESUME_WINDOW_AGE", ContinuitySettings.DEFAULT.historyAge());
    IngestConfig ingest = ingest(env, resumeWindowAge);
    RedisSettings redis = RedisConfig.load(env, DEFAULT_REDIS_URL, REDIS_TIMEOUT);
    if (ingest.cluster()) {
      validated(
          "RELAY_REDIS_MODE",
          () -> new RedisClusterSettings(redis, ingest.clusterNodes())); // Sentinel, database
    }
    return new AppConfig(
        environment,
        http(env),
        database(env),
        redis,
        redisListener(env),
        ingest,
        jwt(env, environment),
        new SubscriptionPolicy(
            env.duration("RELAY_SUBSCRIPTION_TTL", Duration.ofHours(24)),
            env.integer("RELAY_MAX_SUBSCRIPTIONS_PER_USER", 1000, 1, 1_000_000)),
        env.duration("RELAY_SUBSCRIPTION_PURGE_INTERVAL", Duration.ofMinutes(5)),
        fanOut(env),
        webSocket(env),
        new V1SocketOptions(
            env.flag("RELAY_WS_V1_CLOSE_AT_TOKEN_EXPIRY", false),
            env.flag("RELAY_WS_V1_LATEST_ON_SUBSCRIBE", false)),
        new HistoryConfig(
            env.choice("RELAY_HISTORY_LEVEL", HistoryLevel.class, HistoryLevel.ALL),
            env.duration("RELAY_HISTORY_RETENTION", Duration.ofDays(7)),
            env.integer("RELAY_HISTORY_BUFFER", 100_000, 1_000, 10_000_000)),
        env.optional("RELAY_METRICS_TOKEN"),
        continuity(env, ingest, resumeWindowAge),
        env.duration("RELAY_PUBLISH_IDEMPOTENCY_WINDOW", Duration.ofHours(24)));
  }

  // In streams mode positions are the stream's entry ids, valid on every instance.
  private static ContinuityConfig continuity(
      Environment env, IngestConfig ingest, Duration resumeWindowAge) {
    var defaults = ContinuitySettings.DEFAULT;
    return new ContinuityConfig(
        new ContinuitySettings(
            env.integer("RELAY_RESUME_WINDOW_EVENTS", defaults.historySize(), 0, 10_000),
            resumeWindowAge,
            1024L * 1024 * env.integer("RELAY_RESUME_WINDOW_MIB", 256, 1, 1024 * 1024),
            ingest.streams(),
            env.integer("RELAY_USER_LATEST_STATES", defaults.userLatestStates(), 1, 10_000)),
        env.integer("RELAY_CATCH_UP_LIMIT", CatchUpPlanner.DEFAULT_LIMIT, 1, 1000));
  }

  // Logback reads RELAY_LOG_FORMAT itself (logback.xml names its appenders after the values): a
  // value it has no appender for would silence the log, so refuse it here, exactly as spelt.
  private static void logFormat(Environment env) {
    String format = env.string("RELAY_LOG_FORMAT", "text");
    if (!format.equals("text") && !format.equals("json")) {
      throw new ConfigException("RELAY_LOG_FORMAT", "expected text or json, got '" + format + "'");
    }
  }

  private static WebServerSettings http(Environment env) {
    return new WebServerSettings(
        env.string("RELAY_HTTP_HOST", "0.0.0.0"),
        env.integer("RELAY_HTTP_PORT", 7070, 0, 65_535),
        env.integer("RELAY_HTTP_MAX_BODY_BYTES", 1024 * 1024, 1024, 64 * 1024 * 1024),
        env.duration("RELAY_SHUTDOWN_TIMEOUT", Duration.ofSeconds(10)),
        env.integer("RELAY_HTTP_THREADS", WebServerSettings.DEFAULT_MAX_THREADS, 8, 1_000));
  }

  private static PostgresSettings database(Environment env) {
    return new PostgresSettings(
        env.jdbcUrl("RELAY_DB_URL", DEFAULT_DB_URL),
        env.string("RELAY_DB_USER", "postgres"),
        env.string("RELAY_DB_PASSWORD", ""),
        env.integer("RELAY_DB_POOL_SIZE", 10, 1, 200),
        env.duration("RELAY_DB_CONNECT_TIMEOUT", Duration.ofSeconds(5)));
  }

  private static RedisListenerSettings redisListener(Environment env) {
    var defaults = RedisListenerSettings.defaults();
    String uploadPrefix = env.string("RELAY_REDIS_UPLOAD_PREFIX", defaults.uploadPrefix());
    String userPrefix = env.string("RELAY_REDIS_USER_PREFIX", defaults.userPrefix());
    String control = env.string("RELAY_REDIS_CONTROL_CHANNEL", defaults.controlChannel());
    int maxEventBytes =
        env.integer("RELAY_MAX_EVENT_BYTES", defaults.maxPayloadBytes(), 1024, 64 * 1024 * 1024);
    return validated(
        "RELAY_REDIS_UPLOAD_PREFIX",
        () ->
            defaults
                .withPrefixes(uploadPrefix, userPrefix)
                .withControlChannel(control)
                .withMaxPayloadBytes(maxEventBytes));
  }

  // The resume window's age: at start the reader also reads that far back before its checkpoint,
  // to rebuild the windows.
  private static IngestConfig ingest(Environment env, Duration resumeWindowAge) {
    var defaults = RedisStreamSettings.defaults();
    IngestMode mode = env.choice("RELAY_INGEST", IngestMode.class, IngestMode.PUBSUB);
    String key = env.string("RELAY_STREAM_KEY", defaults.streamKey());
    Duration startBack = env.duration("RELAY_STREAM_START", defaults.startBack());
    int batchSize =
        env.integer(
            "RELAY_STREAM_BATCH", defaults.batchSize(), 1, RedisStreamSettings.MAX_BATCH_SIZE);
    Duration catchUp =
        env.duration("RELAY_STREAM_CATCH_UP_TIMEOUT", IngestConfig.DEFAULT_CATCH_UP_TIMEOUT);
    RedisStreamSettings stream =
        validated(
            "RELAY_STREAM_KEY",
            () ->
                defaults
                    .withStreamKey(key)
                    .withStartBack(startBack)
                    .withBatchSize(batchSize)
                    .withWindowBack(resumeWindowAge));
    SubscriptionMode subscriptions =
        env.choice("RELAY_REDIS_SUBSCRIPTIONS", SubscriptionMode.class, SubscriptionMode.PATTERN);
    Duration linger =
        env.duration("RELAY_REDIS_INTEREST_LINGER", IngestConfig.DEFAULT_INTEREST_LINGER);
    if (linger.compareTo(Duration.ofHours(1)) > 0) {
      throw new ConfigException("RELAY_REDIS_INTEREST_LINGER", "must be at most 1h");
    }
    List<HostAndPort> clusterNodes = clusterNodes(env);
    if (!clusterNodes.isEmpty() && mode == IngestMode.STREAMS) {
      throw new ConfigException(
          "RELAY_REDIS_MODE",
          "cluster is not supported with RELAY_INGEST=streams: the stream is one key on one master;"
              + " use RELAY_INGEST=pubsub (sharded pub/sub) on a cluster");
    }
    if (!clusterNodes.isEmpty() && subscriptions == SubscriptionMode.PATTERN) {
      throw new ConfigException(
          "RELAY_REDIS_SUBSCRIPTIONS",
          "must be interest with RELAY_REDIS_MODE=cluster: sharded pub/sub has no pattern"
              + " subscription");
    }
    return validated(
        clusterNodes.isEmpty() ? "RELAY_REDIS_SUBSCRIPTIONS" : "RELAY_REDIS_MODE",
        () -> new IngestConfig(mode, stream, catchUp, subscriptions, linger, clusterNodes));
  }

  // Empty for one server.
  private static List<HostAndPort> clusterNodes(Environment env) {
    RedisMode redisMode = env.choice("RELAY_REDIS_MODE", RedisMode.class, RedisMode.STANDALONE);
    Optional<String> nodes = env.optional("RELAY_REDIS_CLUSTER_NODES");
    if (redisMode == RedisMode.STANDALONE) {
      if (nodes.isPresent()) {
        throw new ConfigException(
            "RELAY_REDIS_CLUSTER_NODES", "is only read with RELAY_REDIS_MODE=cluster");
      }
      return List.of();
    }
    if (nodes.isEmpty() || nodes.get().isBlank()) {
      throw new ConfigException(
          "RELAY_REDIS_CLUSTER_NODES",
          "must list the cluster's seed nodes as host:port,host:port with RELAY_REDIS_MODE=cluster");
    }
    return validated(
        "RELAY_REDIS_CLUSTER_NODES", () -> RedisClusterSettings.parseNodes(nodes.get()));
  }

  private static FanOutSettings fanOut(Environment env) {
    var defaults = FanOutSettings.DEFAULT;
    var policies =
        new DeliveryPolicies(
            env.choice("RELAY_POLICY_PROGRESS", DeliveryPolicy.class, DeliveryPolicy.LATEST),
            env.choice("RELAY_POLICY_TERMINAL", DeliveryPolicy.class, DeliveryPolicy.RELIABLE),
            env.choice("RELAY_POLICY_OTHER", DeliveryPolicy.class, DeliveryPolicy.ORDERED));
    return new FanOutSettings(
        env.integer("RELAY_QUEUE_MAX_FRAMES", defaults.maxQueuedFrames(), 1, 1_000_000),
        env.integer("RELAY_QUEUE_MAX_BYTES", (int) defaults.maxQueuedBytes(), 1024, 1 << 30),
        env.integer("RELAY_MAX_CONNECTIONS_PER_USER", defaults.maxConnectionsPerUser(), 1, 10_000),
        env.integer("RELAY_LATEST_STATE_CAPACITY", defaults.latestStateCapacity(), 1, 100_000_000),
        defaults.idleRouteEviction(),
        defaults.maxPendingPerUpload(),
        defaults.latestFlushInterval(),
        policies,
        env.durationOrOff("RELAY_PROGRESS_RATE_LIMIT"),
        env.integer(
            "RELAY_DELIVERY_THREADS",
            defaults.deliveryThreads(),
            1,
            FanOutSettings.MAX_DELIVERY_THREADS));
  }

  private static WebSocketSettings webSocket(Environment env) {
    return validated(
        "RELAY_WS_MAX_FRAME_BYTES",
        () ->
            new WebSocketSettings(
                env.duration("RELAY_WS_AUTH_TIMEOUT", WebSocketSettings.DEFAULT_AUTH_TIMEOUT),
                env.duration("RELAY_WS_PING_INTERVAL", WebSocketSettings.DEFAULT_PING_INTERVAL),
                env.duration("RELAY_WS_IDLE_TIMEOUT", WebSocketSettings.DEFAULT_IDLE_TIMEOUT),
                env.integer(
                    "RELAY_WS_MAX_FRAME_BYTES",
                    WebSocketSettings.DEFAULT_MAX_TEXT_FRAME_BYTES,
                    64,
                    1024 * 1024),
                env.integer(
                    "RELAY_WS_FRAMES_PER_SECOND",
                    WebSocketSettings.DEFAULT_FRAMES_PER_SECOND,
                    1,
                    100_000),
                env.integer(
                    "RELAY_WS_FRAME_BURST", WebSocketSettings.DEFAULT_FRAME_BURST, 1, 100_000),
                env.list("RELAY_ALLOWED_ORIGINS"),
                WebSocketSettings.DEFAULT_CLOSE_GRACE));
  }

  // Settings records check combinations (overlapping prefixes, burst below rate); say which group.
  private static <T> T validated(String variable, Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(variable, e.getMessage());
    }
  }

  private static JwtConfig jwt(Environment env, RelayEnvironment environment) {
    Optional<String> secret = env.optional("RELAY_JWT_SECRET");
    Optional<Path> publicKey = env.readableFile("RELAY_JWT_PUBLIC_KEY");
    if (secret.isPresent() && publicKey.isPresent()) {
      throw new ConfigException(
          "RELAY_JWT_SECRET",
          "set either RELAY_JWT_SECRET (HS256) or RELAY_JWT_PUBLIC_KEY (RS256/ES256), not both");
    }
    if (publicKey.isPresent()) {
      return new JwtConfig(Optional.empty(), publicKey, false);
    }
    if (secret.isPresent()) {
      byte[] bytes = secret.get().getBytes(StandardCharsets.UTF_8);
      if (bytes.length < JwtConfig.MIN_SECRET_BYTES) {
        throw new ConfigException(
            "RELAY_JWT_SECRET",
            "expected at least "
                + JwtConfig.MIN_SECRET_BYTES
                + " bytes (256 bits) for HS256, got "
                + bytes.length);
      }
      return new JwtConfig(Optional.of(bytes), Optional.empty(), false);
    }
    if (environment == RelayEnvironment.PRODUCTION) {
      throw new ConfigException(
          "RELAY_JWT_SECRET",
          "RELAY_ENV=production needs RELAY_JWT_SECRET or RELAY_JWT_PUBLIC_KEY; the built-in"
              + " development secret is public and refused in production");
    }
    return JwtConfig.developmentSecret();
  }
}
