package io.progressrelay.bootstrap.config;

import java.net.URI;
import java.time.Duration;

/** Everything the relay reads from its environment, validated and with defaults applied. */
public record AppConfig(
    RelayEnvironment environment,
    String httpHost,
    int httpPort,
    long maxBodyBytes,
    String dbUrl,
    String dbUser,
    String dbPassword,
    int dbPoolSize,
    Duration dbConnectTimeout,
    URI redisUrl,
    JwtConfig jwt,
    Duration subscriptionTtl,
    int maxSubscriptionsPerUser,
    Duration subscriptionPurgeInterval,
    Duration shutdownTimeout) {

  @Override
  public String toString() {
    // Secrets stay out of logs.
    return "AppConfig[environment="
        + environment
        + ", http="
        + httpHost
        + ":"
        + httpPort
        + ", db="
        + dbUrl
        + " as "
        + dbUser
        + ", redis="
        + redisUrl.getHost()
        + ":"
        + redisUrl.getPort()
        + "]";
  }
}
