package io.progressrelay.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.progressrelay.adapter.out.redis.RedisSettings;
import io.progressrelay.adapter.out.redis.RedisUser;
import io.progressrelay.adapter.out.redis.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;

/** The Redis connection variables: URL, ACL user, TLS files and Sentinel, and their conflicts. */
class RedisConfigTest {
  private static TestCertificates certificates;
  @TempDir Path directory;

  @BeforeAll
  static void makeCertificates() {
    certificates = TestCertificates.create();
  }

  @AfterAll
  static void deleteCertificates() {
    certificates.close();
  }

  @Test
  void theUrlGivesTheUserThePasswordAndTheDatabase() {
    RedisSettings redis = load("RELAY_REDIS_URL", "redis://relay:p%40ss@redis.internal:6380/2");

    assertThat(redis.connection().user()).contains(new RedisUser(Optional.of("relay"), "p@ss"));
    assertThat(redis.connection().database()).isEqualTo(2);
    assertThat(redis.connection().tls()).isEmpty();
    assertThat(redis.describe()).isEqualTo("redis.internal:6380");
    assertThat(load("RELAY_REDIS_URL", "redis://:secret@h").connection().user().orElseThrow())
        .isEqualTo(new RedisUser(Optional.empty(), "secret"));
  }

  @Test
  void aRedissUrlSpeaksTlsTrustingTheJvmsAuthoritiesUnlessACaFileIsGiven() {
    assertThat(load("RELAY_REDIS_URL", "rediss://h").connection().describe()).isEqualTo("TLS");

    RedisSettings custom =
        load(
            Map.of(
                "RELAY_REDIS_URL", "rediss://h",
                "RELAY_REDIS_TLS_CA_FILE", certificates.caCertificate.toString(),
                "RELAY_REDIS_TLS_CERT_FILE", certificates.clientCertificate.toString(),
                "RELAY_REDIS_TLS_KEY_FILE", certificates.clientKey.toString()));
    assertThat(custom.connection().describe())
        .isEqualTo("TLS, CA ca.crt, client certificate client.crt");
  }

  @Test
  void credentialsComeFromTheVariablesOrAFileWithoutItsLineBreak() throws IOException {
    Path secret = Files.writeString(directory.resolve("password"), "from-a-file\n");

    assertThat(
            load(Map.of("RELAY_REDIS_USERNAME", "relay", "RELAY_REDIS_PASSWORD", "pw"))
                .connection()
                .user())
        .contains(new RedisUser(Optional.of("relay"), "pw"));
    assertThat(
            load(Map.of(
                    "RELAY_REDIS_USERNAME",
                    "relay",
                    "RELAY_REDIS_PASSWORD_FILE",
                    secret.toString()))
                .connection()
                .user())
        .contains(new RedisUser(Optional.of("relay"), "from-a-file"));
  }

  @Test
  void credentialsInTwoPlacesOrHalfOfThemAreRefusedNamingTheVariable() throws IOException {
    Path secret = Files.writeString(directory.resolve("password"), "pw");

    assertRefused(
        Map.of("RELAY_REDIS_URL", "redis://u:p@h", "RELAY_REDIS_PASSWORD", "q"),
        "RELAY_REDIS_URL",
        "set the credentials in one place");
    assertRefused(
        Map.of("RELAY_REDIS_PASSWORD", "p", "RELAY_REDIS_PASSWORD_FILE", secret.toString()),
        "RELAY_REDIS_PASSWORD_FILE",
        "not both");
    assertRefused(
        Map.of("RELAY_REDIS_USERNAME", "relay"), "RELAY_REDIS_PASSWORD", "password is needed");
    assertRefused(
        Map.of("RELAY_REDIS_PASSWORD_FILE", directory.resolve("missing").toString()),
        "RELAY_REDIS_PASSWORD_FILE",
        "missing");
    assertRefused(
        Map.of("RELAY_REDIS_URL", "redis://only-a-password@h"),
        "RELAY_REDIS_URL",
        "user:password@");
    assertRefused(Map.of("RELAY_REDIS_URL", "redis://h/x"), "RELAY_REDIS_URL", "database number");
  }

  @Test
  void tlsFilesThatCannotBeUsedStopTheStartNamingTheirVariable() throws IOException {
    Path notACertificate = Files.writeString(directory.resolve("notes.pem"), "hello\n");

    assertRefused(
        Map.of(
            "RELAY_REDIS_URL", "rediss://h", "RELAY_REDIS_TLS_CA_FILE", notACertificate.toString()),
        "RELAY_REDIS_TLS_CA_FILE",
        "holds no PEM certificate");
    assertRefused(
        Map.of(
            "RELAY_REDIS_URL",
            "rediss://h",
            "RELAY_REDIS_TLS_CA_FILE",
            certificates.serverKey.toString()),
        "RELAY_REDIS_TLS_CA_FILE",
        "holds no PEM certificate");
    assertRefused(
        Map.of(
            "RELAY_REDIS_URL",
            "rediss://h",
            "RELAY_REDIS_TLS_CA_FILE",
            directory.resolve("absent.pem").toString()),
        "RELAY_REDIS_TLS_CA_FILE",
        "absent.pem");
    assertRefused(
        Map.of(
            "RELAY_REDIS_URL",
            "rediss://h",
            "RELAY_REDIS_TLS_CERT_FILE",
            certificates.clientCertificate.toString(),
            "RELAY_REDIS_TLS_KEY_FILE",
            certificates.clientCertificate.toString()),
        "RELAY_REDIS_TLS_KEY_FILE",
        "PKCS#8");
    assertRefused(
        Map.of(
            "RELAY_REDIS_URL",
            "rediss://h",
            "RELAY_REDIS_TLS_CERT_FILE",
            certificates.clientCertificate.toString()),
        "RELAY_REDIS_TLS_KEY_FILE",
        "needs both");
  }

  @Test
  void tlsFilesWithoutTlsAreRefusedRatherThanIgnored() {
    assertRefused(
        Map.of(
            "RELAY_REDIS_URL",
            "redis://h",
            "RELAY_REDIS_TLS_CA_FILE",
            certificates.caCertificate.toString()),
        "RELAY_REDIS_TLS_CA_FILE",
        "rediss://");
  }

  @Test
  void sentinelNamesTheMasterInPlaceOfTheUrlsHostWithItsOwnCredentials() {
    RedisSettings redis =
        load(
            Map.of(
                "RELAY_REDIS_URL", "rediss://relay:pw@mymaster",
                "RELAY_REDIS_TLS_CA_FILE", certificates.caCertificate.toString(),
                "RELAY_REDIS_SENTINELS", "10.0.0.1:26379, 10.0.0.2:26379,[::1]:26380",
                "RELAY_REDIS_SENTINEL_MASTER", "mymaster",
                "RELAY_REDIS_SENTINEL_PASSWORD", "sentinel-pw"));

    var sentinels = redis.sentinels().orElseThrow();
    assertThat(sentinels.masterName()).isEqualTo("mymaster");
    assertThat(sentinels.addresses())
        .containsExactly(
            new HostAndPort("10.0.0.1", 26379),
            new HostAndPort("10.0.0.2", 26379),
            new HostAndPort("::1", 26380));
    assertThat(sentinels.connection().tls()).as("as the master's, unless told").isPresent();
    assertThat(sentinels.connection().user())
        .contains(new RedisUser(Optional.empty(), "sentinel-pw"));
    assertThat(redis.connection().user()).contains(new RedisUser(Optional.of("relay"), "pw"));
    assertThat(redis.describe()).startsWith("master mymaster via Sentinel 10.0.0.1:26379");

    RedisSettings plainSentinels =
        load(
            Map.of(
                "RELAY_REDIS_URL", "rediss://mymaster",
                "RELAY_REDIS_SENTINELS", "10.0.0.1:26379",
                "RELAY_REDIS_SENTINEL_MASTER", "mymaster",
                "RELAY_REDIS_SENTINEL_TLS", "false"));
    assertThat(plainSentinels.sentinels().orElseThrow().connection().tls()).isEmpty();
    assertThat(plainSentinels.connection().tls()).isPresent();
  }

  @Test
  void halfASentinelSetupIsRefusedNamingWhatIsMissing() {
    assertRefused(
        Map.of("RELAY_REDIS_SENTINELS", "10.0.0.1:26379"),
        "RELAY_REDIS_SENTINEL_MASTER",
        "name of the master");
    assertRefused(
        Map.of("RELAY_REDIS_SENTINEL_MASTER", "mymaster"),
        "RELAY_REDIS_SENTINELS",
        "host:port list");
    assertRefused(
        Map.of("RELAY_REDIS_SENTINEL_PASSWORD", "pw"),
        "RELAY_REDIS_SENTINEL_PASSWORD",
        "no effect without RELAY_REDIS_SENTINELS");
    assertRefused(
        Map.of("RELAY_REDIS_SENTINELS", "10.0.0.1", "RELAY_REDIS_SENTINEL_MASTER", "m"),
        "RELAY_REDIS_SENTINELS",
        "'10.0.0.1'");
  }

  @Test
  void theConfigurationPrintsWhereRedisIsButNoPassword() {
    String printed =
        AppConfigLoader.load(
                Map.of(
                    "RELAY_REDIS_URL", "redis://relay:very-secret@h:6380",
                    "RELAY_REDIS_SENTINELS", "10.0.0.1:26379",
                    "RELAY_REDIS_SENTINEL_MASTER", "mymaster",
                    "RELAY_REDIS_SENTINEL_PASSWORD", "also-secret"))
            .toString();

    assertThat(printed)
        .contains("redis=master mymaster via Sentinel 10.0.0.1:26379 (plain TCP, user relay)")
        .doesNotContain("very-secret")
        .doesNotContain("also-secret");
  }

  private static RedisSettings load(String variable, String value) {
    return load(Map.of(variable, value));
  }

  private static RedisSettings load(Map<String, String> variables) {
    return AppConfigLoader.load(new HashMap<>(variables)).redis();
  }

  private static void assertRefused(Map<String, String> variables, String variable, String why) {
    assertThatThrownBy(() -> load(variables))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(variable + ": ")
        .hasMessageContaining(why)
        .satisfies(e -> assertThat(((ConfigException) e).variable()).isEqualTo(variable));
  }
}
