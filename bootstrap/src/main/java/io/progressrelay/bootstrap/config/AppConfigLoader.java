package io.progressrelay.bootstrap.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Builds {@link AppConfig} from {@code RELAY_*} environment variables; the README lists them all.
 */
public final class AppConfigLoader {
  static final String DEFAULT_DB_URL = "jdbc:postgresql://127.0.0.1:5432/progress_relay";
  static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

  private AppConfigLoader() {}

  /**
   * @throws ConfigException naming the first variable whose value cannot be used
   */
  public static AppConfig load(Map<String, String> variables) {
    var env = new Environment(variables);
    RelayEnvironment environment =
        env.choice("RELAY_ENV", RelayEnvironment.class, RelayEnvironment.DEVELOPMENT);
    return new AppConfig(
        environment,
        env.string("RELAY_HTTP_HOST", "0.0.0.0"),
        env.integer("RELAY_HTTP_PORT", 7070, 0, 65_535),
        env.integer("RELAY_HTTP_MAX_BODY_BYTES", 1024 * 1024, 1024, 64 * 1024 * 1024),
        env.jdbcUrl("RELAY_DB_URL", DEFAULT_DB_URL),
        env.string("RELAY_DB_USER", "postgres"),
        env.string("RELAY_DB_PASSWORD", ""),
        env.integer("RELAY_DB_POOL_SIZE", 10, 1, 200),
        env.duration("RELAY_DB_CONNECT_TIMEOUT", Duration.ofSeconds(5)),
        env.uri("RELAY_REDIS_URL", DEFAULT_REDIS_URL, "redis", "rediss"),
        jwt(env, environment),
        env.duration("RELAY_SUBSCRIPTION_TTL", Duration.ofHours(24)),
        env.integer("RELAY_MAX_SUBSCRIPTIONS_PER_USER", 1000, 1, 1_000_000),
        env.duration("RELAY_SUBSCRIPTION_PURGE_INTERVAL", Duration.ofMinutes(5)),
        env.duration("RELAY_SHUTDOWN_TIMEOUT", Duration.ofSeconds(10)));
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
