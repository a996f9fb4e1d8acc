package io.progressrelay.bootstrap.config;

import io.progressrelay.adapter.in.redis.RedisListenerSettings;
import io.progressrelay.adapter.in.web.WebServerSettings;
import io.progressrelay.adapter.in.web.socket.V1SocketOptions;
import io.progressrelay.adapter.in.web.socket.WebSocketSettings;
import io.progressrelay.adapter.out.postgres.PostgresSettings;
import io.progressrelay.adapter.out.redis.RedisSettings;
import io.progressrelay.application.service.fanout.FanOutSettings;
import io.progressrelay.domain.SubscriptionPolicy;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the relay reads from its environment, validated, with defaults applied, and grouped
 * into the settings each component takes.
 *
 * @param ingest whether events come from Redis pub/sub or a Redis stream
 * @param v1Sockets how sockets of the old relay's protocol are treated
 * @param metricsToken the bearer token {@code GET /metrics} requires; empty leaves it open
 * @param continuity what clients that resume get
 * @param idempotencyWindow how long an {@code Idempotency-Key} of a publish request is remembered
 */
public record AppConfig(
    RelayEnvironment environment,
    WebServerSettings http,
    PostgresSettings database,
    RedisSettings redis,
    RedisListenerSettings redisListener,
    IngestConfig ingest,
    JwtConfig jwt,
    SubscriptionPolicy subscriptions,
    Duration subscriptionPurgeInterval,
    FanOutSettings fanOut,
    WebSocketSettings webSocket,
    V1SocketOptions v1Sockets,
    HistoryConfig history,
    Optional<String> metricsToken,
    ContinuityConfig continuity,
    Duration idempotencyWindow) {

  @Override
  public String toString() {
    // Passwords and secrets stay out of logs: only where things are.
    return "AppConfig[environment="
        + environment
        + ", http="
        + http.host()
        + ":"
        + http.port()
        + ", db="
        + database
        + ", redis="
        + redis.describe()
        + " ("
        + redis.connection().describe()
        + ")"
        + ", ingest="
        + (ingest.streams()
            ? "streams " + ingest.stream().streamKey()
            : ingest.interest() ? "pubsub (interest)" : "pubsub")
        + "]";
  }
}
