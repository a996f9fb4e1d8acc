package io.progressrelay.bootstrap.config;

import io.progressrelay.adapter.out.redis.RedisConnectionSettings;
import io.progressrelay.adapter.out.redis.RedisSentinels;
import io.progressrelay.adapter.out.redis.RedisSettings;
import io.progressrelay.adapter.out.redis.RedisTls;
import io.progressrelay.adapter.out.redis.RedisUser;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the {@link RedisSettings} every Redis connection is made with from the {@code
 * RELAY_REDIS_*} connection variables (URL, ACL user, TLS files, Sentinel), refusing combinations
 * that cannot work with a message that names the variable.
 */
final class RedisConfig {
  static final String URL = "RELAY_REDIS_URL";
  private static final List<String> SENTINEL_ONLY =
      List.of(
          "RELAY_REDIS_SENTINEL_USERNAME",
          "RELAY_REDIS_SENTINEL_PASSWORD",
          "RELAY_REDIS_SENTINEL_PASSWORD_FILE",
          "RELAY_REDIS_SENTINEL_TLS");

  private RedisConfig() {}

  static RedisSettings load(Environment env, String defaultUrl, Duration timeout) {
    URI url = env.uri(URL, defaultUrl, "redis", "rediss");
    int database = validated(URL, () -> RedisSettings.databaseOf(url));
    Optional<RedisUser> user = user(env, url);
    boolean tls = "rediss".equals(url.getScheme());
    Optional<Path> ca = env.readableFile("RELAY_REDIS_TLS_CA_FILE", "PEM certificate");
    Optional<RedisTls.ClientCertificate> client = clientCertificate(env);
    Optional<String> sentinelList = env.optional("RELAY_REDIS_SENTINELS");
    Optional<String> master = env.optional("RELAY_REDIS_SENTINEL_MASTER");
    boolean sentinelTls = sentinelList.isPresent() && env.flag("RELAY_REDIS_SENTINEL_TLS", tls);
    if (!tls && !sentinelTls && (ca.isPresent() || client.isPresent())) {
      throw new ConfigException(
          ca.isPresent() ? "RELAY_REDIS_TLS_CA_FILE" : "RELAY_REDIS_TLS_CERT_FILE",
          "TLS files are set but nothing connects with TLS: use a rediss:// "
              + URL
              + (sentinelList.isPresent() ? " or RELAY_REDIS_SENTINEL_TLS=true" : ""));
    }
    Optional<RedisTls> tlsSettings =
        tls || sentinelTls ? Optional.of(tls(ca, client)) : Optional.empty();
    var settings =
        new RedisSettings(
            url,
            new RedisConnectionSettings(
                timeout, tls ? tlsSettings : Optional.empty(), user, database),
            Optional.empty());
    if (sentinelList.isEmpty() || master.isEmpty()) {
      refuseHalfASentinelSetup(env, sentinelList, master);
      return settings;
    }
    var sentinelConnection =
        new RedisConnectionSettings(
            timeout,
            sentinelTls ? tlsSettings : Optional.empty(),
            credentials(
                env,
                "RELAY_REDIS_SENTINEL_USERNAME",
                "RELAY_REDIS_SENTINEL_PASSWORD",
                "RELAY_REDIS_SENTINEL_PASSWORD_FILE"),
            0);
    return settings.withSentinels(
        validated(
            "RELAY_REDIS_SENTINELS",
            () ->
                new RedisSentinels(
                    master.get(),
                    RedisSentinels.parseAddresses(sentinelList.get()),
                    sentinelConnection)));
  }

  private static void refuseHalfASentinelSetup(
      Environment env, Optional<String> sentinels, Optional<String> master) {
    if (sentinels.isPresent()) {
      throw new ConfigException(
          "RELAY_REDIS_SENTINEL_MASTER",
          "RELAY_REDIS_SENTINELS is set, so the name of the master Sentinel monitors is needed"
              + " too (the name in 'sentinel monitor <name> ...')");
    }
    if (master.isPresent()) {
      throw new ConfigException(
          "RELAY_REDIS_SENTINELS",
          "RELAY_REDIS_SENTINEL_MASTER is set, so the Sentinels' host:port list is needed too");
    }
    for (String variable : SENTINEL_ONLY) {
      if (env.optional(variable).isPresent()) {
        throw new ConfigException(variable, "has no effect without RELAY_REDIS_SENTINELS");
      }
    }
  }

  // From the URL or from the variables, not both: two passwords would leave one silently unused.
  private static Optional<RedisUser> user(Environment env, URI url) {
    Optional<RedisUser> inUrl = validated(URL, () -> RedisSettings.userOf(url));
    Optional<RedisUser> fromVariables =
        credentials(
            env, "RELAY_REDIS_USERNAME", "RELAY_REDIS_PASSWORD", "RELAY_REDIS_PASSWORD_FILE");
    if (inUrl.isPresent() && fromVariables.isPresent()) {
      throw new ConfigException(
          URL,
          "carries a user or password, and RELAY_REDIS_USERNAME/RELAY_REDIS_PASSWORD(_FILE) are"
              + " set too: set the credentials in one place");
    }
    return inUrl.or(() -> fromVariables);
  }

  private static Optional<RedisUser> credentials(
      Environment env, String userVariable, String passwordVariable, String fileVariable) {
    Optional<String> user = env.optional(userVariable);
    Optional<String> password = env.optional(passwordVariable);
    Optional<Path> file = env.readableFile(fileVariable, "file holding the password");
    if (password.isPresent() && file.isPresent()) {
      throw new ConfigException(
          fileVariable, "set either " + passwordVariable + " or " + fileVariable + ", not both");
    }
    Optional<String> secret = password.or(() -> file.map(path -> passwordIn(fileVariable, path)));
    if (user.isPresent() && secret.isEmpty()) {
      throw new ConfigException(
          passwordVariable, userVariable + " is set, so its password is needed too");
    }
    return secret.map(s -> validated(userVariable, () -> new RedisUser(user, s)));
  }

  // A secret mounted as a file usually ends with a line break that is not part of the password.
  private static String passwordIn(String variable, Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (text.isEmpty()) {
        throw new ConfigException(variable, "'" + file + "' is empty");
      }
      return text;
    } catch (IOException e) {
      throw new ConfigException(variable, "cannot read '" + file + "': " + e.getMessage());
    }
  }

  private static Optional<RedisTls.ClientCertificate> clientCertificate(Environment env) {
    Optional<Path> certificate =
        env.readableFile("RELAY_REDIS_TLS_CERT_FILE", "PEM client certificate");
    Optional<Path> key = env.readableFile("RELAY_REDIS_TLS_KEY_FILE", "PEM private key");
    if (certificate.isPresent() != key.isPresent()) {
      throw new ConfigException(
          certificate.isPresent() ? "RELAY_REDIS_TLS_KEY_FILE" : "RELAY_REDIS_TLS_CERT_FILE",
          "a client certificate needs both RELAY_REDIS_TLS_CERT_FILE and RELAY_REDIS_TLS_KEY_FILE");
    }
    return certificate.map(c -> new RedisTls.ClientCertificate(c, key.get()));
  }

  private static RedisTls tls(Optional<Path> ca, Optional<RedisTls.ClientCertificate> client) {
    Map<Path, String> variables = new LinkedHashMap<>();
    ca.ifPresent(path -> variables.put(path, "RELAY_REDIS_TLS_CA_FILE"));
    client.ifPresent(
        c -> {
          variables.put(c.certificateFile(), "RELAY_REDIS_TLS_CERT_FILE");
          variables.put(c.keyFile(), "RELAY_REDIS_TLS_KEY_FILE");
        });
    try {
      return RedisTls.of(ca, client);
    } catch (RedisTls.InvalidTlsFileException e) {
      throw new ConfigException(variables.getOrDefault(e.file(), URL), e.getMessage());
    } catch (IllegalStateException e) {
      throw new ConfigException(
          client.isPresent() ? "RELAY_REDIS_TLS_KEY_FILE" : "RELAY_REDIS_TLS_CA_FILE",
          e.getMessage());
    }
  }

  private static <T> T validated(String variable, java.util.function.Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(variable, e.getMessage());
    }
  }
}
