package io.progressrelay.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.progressrelay.adapter.in.web.socket.V1SocketOptions;
import io.progressrelay.domain.DeliveryPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

class AppConfigLoaderTest {

  @Test
  void theDefaultsWorkOnAMachineWithLocalServices() {
    AppConfig config = AppConfigLoader.load(Map.of());

    assertThat(config.http().port()).isEqualTo(7070);
    assertThat(config.database().jdbcUrl())
        .isEqualTo("jdbc:postgresql://127.0.0.1:5432/progress_relay");
    assertThat(config.redis().url().toString()).isEqualTo("redis://127.0.0.1:6379");
    assertThat(config.redisListener().uploadPrefix()).isEqualTo("upload:");
    assertThat(config.fanOut().maxQueuedFrames()).isEqualTo(1000);
    assertThat(config.fanOut().policies().progress()).isEqualTo(DeliveryPolicy.LATEST);
    assertThat(config.webSocket().pingInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.subscriptions().maxPerUser()).isEqualTo(1000);
    assertThat(config.jwt().devSecret()).isTrue();
    assertThat(config.fanOut().progressRateLimit()).isZero();
    assertThat(config.http().maxThreads()).isEqualTo(32);
  }

  @Test
  void eventsComeFromPubSubUnlessStreamsAreAskedFor() {
    IngestConfig defaults = AppConfigLoader.load(Map.of()).ingest();
    assertThat(defaults.mode()).isEqualTo(IngestMode.PUBSUB);
    assertThat(defaults.stream().streamKey()).isEqualTo("progress-relay:events");
    assertThat(defaults.stream().startBack()).isEqualTo(Duration.ofMinutes(10));
    assertThat(defaults.stream().batchSize()).isEqualTo(500);
    assertThat(defaults.catchUpTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(AppConfigLoader.load(Map.of()).continuity().settings().streamPositions()).isFalse();

    IngestConfig streams =
        AppConfigLoader.load(
                Map.of(
                    "RELAY_INGEST", "streams",
                    "RELAY_STREAM_KEY", "relay-a:events",
                    "RELAY_STREAM_START", "2h",
                    "RELAY_STREAM_BATCH", "100",
                    "RELAY_STREAM_CATCH_UP_TIMEOUT", "2m"))
            .ingest();
    assertThat(streams.streams()).isTrue();
    assertThat(streams.stream().streamKey()).isEqualTo("relay-a:events");
    assertThat(streams.stream().startBack()).isEqualTo(Duration.ofHours(2));
    assertThat(streams.stream().batchSize()).isEqualTo(100);
    assertThat(streams.catchUpTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(
            AppConfigLoader.load(Map.of("RELAY_INGEST", "streams"))
                .continuity()
                .settings()
                .streamPositions())
        .as("positions are the stream's entry ids")
        .isTrue();
  }

  @Test
  void theListenerSubscribesByPatternUnlessInterestIsAskedFor() {
    IngestConfig defaults = AppConfigLoader.load(Map.of()).ingest();
    assertThat(defaults.subscriptions()).isEqualTo(SubscriptionMode.PATTERN);
    assertThat(defaults.interest()).isFalse();
    assertThat(defaults.interestLinger()).isEqualTo(Duration.ofSeconds(10));

    IngestConfig interest =
        AppConfigLoader.load(
                Map.of(
                    "RELAY_REDIS_SUBSCRIPTIONS", "interest",
                    "RELAY_REDIS_INTEREST_LINGER", "30s"))
            .ingest();
    assertThat(interest.interest()).isTrue();
    assertThat(interest.interestLinger()).isEqualTo(Duration.ofSeconds(30));

    assertThatThrownBy(
            () ->
                AppConfigLoader.load(
                    Map.of("RELAY_INGEST", "streams", "RELAY_REDIS_SUBSCRIPTIONS", "interest")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> assertThat(e.variable()).isEqualTo("RELAY_REDIS_SUBSCRIPTIONS"))
        .hasMessageContaining("RELAY_INGEST=pubsub");
    assertThatThrownBy(() -> AppConfigLoader.load(Map.of("RELAY_REDIS_SUBSCRIPTIONS", "some")))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> AppConfigLoader.load(Map.of("RELAY_REDIS_INTEREST_LINGER", "2h")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> assertThat(e.variable()).isEqualTo("RELAY_REDIS_INTEREST_LINGER"));
  }

  @Test
  void redisIsOneServerUnlessClusterModeNamesItsSeedNodes() {
    assertThat(AppConfigLoader.load(Map.of()).ingest().cluster()).isFalse();

    IngestConfig cluster =
        AppConfigLoader.load(
                Map.of(
                    "RELAY_REDIS_MODE", "cluster",
                    "RELAY_REDIS_CLUSTER_NODES", "10.0.0.1:7000, redis-b:7001",
                    "RELAY_REDIS_SUBSCRIPTIONS", "interest"))
            .ingest();
    assertThat(cluster.cluster()).isTrue();
    assertThat(cluster.clusterNodes())
        .containsExactly(new HostAndPort("10.0.0.1", 7000), new HostAndPort("redis-b", 7001));
  }

  @Test
  void clusterModeIsRefusedWhereItCannotWork() {
    assertRefused(
        Map.of("RELAY_REDIS_MODE", "cluster", "RELAY_REDIS_SUBSCRIPTIONS", "interest"),
        "RELAY_REDIS_CLUSTER_NODES",
        "seed nodes");
    assertRefused(
        Map.of("RELAY_REDIS_MODE", "cluster", "RELAY_REDIS_CLUSTER_NODES", "a:1"),
        "RELAY_REDIS_SUBSCRIPTIONS",
        "sharded pub/sub has no pattern subscription");
    assertRefused(
        Map.of(
            "RELAY_REDIS_MODE", "cluster",
            "RELAY_REDIS_CLUSTER_NODES", "a:1",
            "RELAY_INGEST", "streams"),
        "RELAY_REDIS_MODE",
        "RELAY_INGEST=pubsub");
    assertRefused(
        Map.of(
            "RELAY_REDIS_MODE", "cluster",
            "RELAY_REDIS_CLUSTER_NODES", "a:1,b",
            "RELAY_REDIS_SUBSCRIPTIONS", "interest"),
        "RELAY_REDIS_CLUSTER_NODES",
        "'b' is not host:port");
    assertRefused(
        Map.of("RELAY_REDIS_CLUSTER_NODES", "a:1"),
        "RELAY_REDIS_CLUSTER_NODES",
        "RELAY_REDIS_MODE=cluster");
    assertRefused(Map.of("RELAY_REDIS_MODE", "sharded"), "RELAY_REDIS_MODE", "");
    assertRefused(
        Map.of(
            "RELAY_REDIS_MODE", "cluster",
            "RELAY_REDIS_CLUSTER_NODES", "a:1",
            "RELAY_REDIS_SUBSCRIPTIONS", "interest",
            "RELAY_REDIS_SENTINELS", "s:26379",
            "RELAY_REDIS_SENTINEL_MASTER", "mymaster"),
        "RELAY_REDIS_MODE",
        "Sentinel is for one server");
    assertRefused(
        Map.of(
            "RELAY_REDIS_MODE", "cluster",
            "RELAY_REDIS_CLUSTER_NODES", "a:1",
            "RELAY_REDIS_SUBSCRIPTIONS", "interest",
            "RELAY_REDIS_URL", "redis://a:1/2"),
        "RELAY_REDIS_MODE",
        "database 0 only");
  }

  private static void assertRefused(Map<String, String> env, String variable, String message) {
    assertThatThrownBy(() -> AppConfigLoader.load(env))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.variable()).isEqualTo(variable))
        .hasMessageContaining(message);
  }

  @Test
  void publishIdempotencyKeysAreKeptForADayUnlessConfiguredOtherwise() {
    assertThat(AppConfigLoader.load(Map.of()).idempotencyWindow()).isEqualTo(Duration.ofHours(24));
    assertThat(
            AppConfigLoader.load(Map.of("RELAY_PUBLISH_IDEMPOTENCY_WINDOW", "2h"))
                .idempotencyWindow())
        .isEqualTo(Duration.ofHours(2));
    assertThatThrownBy(() -> AppConfigLoader.load(Map.of("RELAY_PUBLISH_IDEMPOTENCY_WINDOW", "0s")))
        .hasMessageContaining("RELAY_PUBLISH_IDEMPOTENCY_WINDOW");
  }

  @Test
  void invalidStreamSettingsNameTheirVariable() {
    Map<String, String> invalid =
        Map.of(
            "RELAY_INGEST", "kafka",
            "RELAY_STREAM_KEY", "two words",
            "RELAY_STREAM_START", "yesterday",
            "RELAY_STREAM_BATCH", "0",
            "RELAY_STREAM_CATCH_UP_TIMEOUT", "-1s");
    invalid.forEach(
        (variable, value) ->
            assertThatThrownBy(() -> AppConfigLoader.load(Map.of(variable, value)))
                .as(variable)
                .isInstanceOfSatisfying(
                    ConfigException.class, e -> assertThat(e.variable()).isEqualTo(variable)));
    assertThatThrownBy(() -> AppConfigLoader.load(Map.of("RELAY_INGEST", "kafka")))
        .hasMessageContaining("pubsub or streams");
  }

  @Test
  void theLogFormatIsTextOrJsonAsLogbackNamesItsAppenders() {
    AppConfigLoader.load(Map.of("RELAY_LOG_FORMAT", "text"));
    AppConfigLoader.load(Map.of("RELAY_LOG_FORMAT", "json"));
    for (String invalid : new String[] {"JSON", "xml", ""}) {
      assertThatThrownBy(() -> AppConfigLoader.load(Map.of("RELAY_LOG_FORMAT", invalid)))
          .as(invalid)
          .isInstanceOfSatisfying(
              ConfigException.class, e -> assertThat(e.variable()).isEqualTo("RELAY_LOG_FORMAT"))
          .hasMessageContaining("expected text or json");
    }
  }

  @Test
  void theCatchUpCoversTheHundredNewestSubscriptionsUnlessConfigured() {
    assertThat(AppConfigLoader.load(Map.of()).continuity().catchUpLimit()).isEqualTo(100);
    assertThat(
            AppConfigLoader.load(Map.of("RELAY_CATCH_UP_LIMIT", "20")).continuity().catchUpLimit())
        .isEqualTo(20);
    assertThatThrownBy(() -> AppConfigLoader.load(Map.of("RELAY_CATCH_UP_LIMIT", "1001")))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.variable()).isEqualTo("RELAY_CATCH_UP_LIMIT"));
  }

  @Test
  void theHttpThreadPoolIsBoundedAndNamesItsVariableWhenOutOfRange() {
    assertThat(AppConfigLoader.load(Map.of("RELAY_HTTP_THREADS", "64")).http().maxThreads())
        .isEqualTo(64);
    assertThatThrownBy(() -> AppConfigLoader.load(Map.of("RELAY_HTTP_THREADS", "4")))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.variable()).isEqualTo("RELAY_HTTP_THREADS"));
  }

  @Test
  void theDeliveryThreadsDefaultToOnePerCoreAndNameTheirVariableWhenOutOfRange() {
    assertThat(AppConfigLoader.load(Map.of()).fanOut().deliveryThreads())
        .isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(
            AppConfigLoader.load(Map.of("RELAY_DELIVERY_THREADS", "3")).fanOut().deliveryThreads())
        .isEqualTo(3);
    for (String outOfRange : new String[] {"0", "257", "many"}) {
      assertThatThrownBy(() -> AppConfigLoader.load(Map.of("RELAY_DELIVERY_THREADS", outOfRange)))
          .isInstanceOfSatisfying(
              ConfigException.class,
              e -> assertThat(e.variable()).isEqualTo("RELAY_DELIVERY_THREADS"));
    }
  }

  @Test
  void everyRealTimeSettingIsReadFromItsVariable() {
    AppConfig config =
        AppConfigLoader.load(
            Map.ofEntries(
                Map.entry("RELAY_REDIS_UPLOAD_PREFIX", "up."),
                Map.entry("RELAY_REDIS_USER_PREFIX", "us."),
                Map.entry("RELAY_REDIS_CONTROL_CHANNEL", "ctl"),
                Map.entry("RELAY_MAX_EVENT_BYTES", "65536"),
                Map.entry("RELAY_QUEUE_MAX_FRAMES", "10"),
                Map.entry("RELAY_QUEUE_MAX_BYTES", "4096"),
                Map.entry("RELAY_POLICY_OTHER", "latest"),
                Map.entry("RELAY_PROGRESS_RATE_LIMIT", "250ms"),
                Map.entry("RELAY_LATEST_STATE_CAPACITY", "5"),
                Map.entry("RELAY_MAX_CONNECTIONS_PER_USER", "2"),
                Map.entry("RELAY_WS_AUTH_TIMEOUT", "2s"),
                Map.entry("RELAY_WS_PING_INTERVAL", "10s"),
                Map.entry("RELAY_WS_IDLE_TIMEOUT", "1m"),
                Map.entry("RELAY_WS_MAX_FRAME_BYTES", "8192"),
                Map.entry("RELAY_WS_FRAMES_PER_SECOND", "5"),
                Map.entry("RELAY_WS_FRAME_BURST", "10"),
                Map.entry("RELAY_ALLOWED_ORIGINS", "https://a.example, https://b.example ,")));

    assertThat(config.redisListener().controlChannel()).isEqualTo("ctl");
    assertThat(config.redisListener().maxPayloadBytes()).isEqualTo(65536);
    assertThat(config.fanOut().maxQueuedBytes()).isEqualTo(4096);
    assertThat(config.fanOut().policies().other()).isEqualTo(DeliveryPolicy.LATEST);
    assertThat(config.fanOut().progressRateLimit()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.fanOut().maxConnectionsPerUser()).isEqualTo(2);
    assertThat(config.webSocket().idleTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.webSocket().frameBurst()).isEqualTo(10);
    assertThat(config.webSocket().allowedOrigins())
        .isEqualTo(Set.of("https://a.example", "https://b.example"));
  }

  @Test
  void badValuesNameTheirVariable() {
    assertThatThrownBy(() -> AppConfigLoader.load(Map.of("RELAY_POLICY_TERMINAL", "sometimes")))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.variable()).isEqualTo("RELAY_POLICY_TERMINAL"))
        .hasMessageContaining("latest or reliable or ordered");
    assertThatThrownBy(
            () ->
                AppConfigLoader.load(
                    Map.of("RELAY_REDIS_UPLOAD_PREFIX", "x:", "RELAY_REDIS_USER_PREFIX", "x:")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> assertThat(e.variable()).isEqualTo("RELAY_REDIS_UPLOAD_PREFIX"));
    assertThatThrownBy(() -> AppConfigLoader.load(Map.of("RELAY_WS_IDLE_TIMEOUT", "forever")))
        .hasMessageStartingWith("RELAY_WS_IDLE_TIMEOUT: expected a positive duration");
    assertThatThrownBy(() -> AppConfigLoader.load(Map.of("RELAY_DB_URL", "mysql://x")))
        .hasMessageStartingWith("RELAY_DB_URL: expected a PostgreSQL JDBC URL");
  }

  @Test
  void oldProtocolSocketsBehaveAsTheOldRelayUnlessTheOperatorSaysOtherwise() {
    assertThat(AppConfigLoader.load(Map.of()).v1Sockets()).isEqualTo(V1SocketOptions.DEFAULT);
    assertThat(V1SocketOptions.DEFAULT.closeAtTokenExpiry()).isFalse();
    assertThat(V1SocketOptions.DEFAULT.latestOnSubscribe()).isFalse();

    AppConfig config =
        AppConfigLoader.load(
            Map.of(
                "RELAY_WS_V1_CLOSE_AT_TOKEN_EXPIRY", "true",
                "RELAY_WS_V1_LATEST_ON_SUBSCRIBE", "TRUE"));

    assertThat(config.v1Sockets()).isEqualTo(new V1SocketOptions(true, true));
    assertThatThrownBy(
            () -> AppConfigLoader.load(Map.of("RELAY_WS_V1_CLOSE_AT_TOKEN_EXPIRY", "yes")))
        .hasMessage("RELAY_WS_V1_CLOSE_AT_TOKEN_EXPIRY: expected true or false, got 'yes'");
  }

  @Test
  void theConfigurationNeverPrintsItsSecrets() {
    AppConfig config =
        AppConfigLoader.load(
            Map.of(
                "RELAY_DB_PASSWORD", "db-pass-123",
                "RELAY_REDIS_URL", "redis://user:redis-pass-456@127.0.0.1:6379",
                "RELAY_JWT_SECRET", "jwt-secret-of-more-than-thirty-two-bytes"));

    assertThat(config.toString())
        .doesNotContain("db-pass-123", "redis-pass-456", "jwt-secret-of-more");
  }
}
