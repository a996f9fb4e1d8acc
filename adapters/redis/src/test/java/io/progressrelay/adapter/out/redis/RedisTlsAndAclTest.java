package io.progressrelay.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Connections to a TLS-only Redis of the test's own: the custom authority is trusted, a stranger's
 * or a certificate for another host is refused, client certificates work, and an ACL user signs in
 * while a wrong password is refused with Redis's own reason.
 */
class RedisTlsAndAclTest {
  private static TestCertificates certificates;
  private static TlsRedis server;

  @BeforeAll
  static void start() {
    certificates = TestCertificates.create();
    server = TlsRedis.start(certificates);
    server.addUser("relay", "relay-pw");
  }

  @AfterAll
  static void stop() {
    server.close();
    certificates.close();
  }

  @Test
  void aConnectionTrustingTheCustomAuthorityIsAnswered() {
    try (Jedis jedis = server.settings().connect()) {
      assertThat(jedis.ping()).isEqualTo("PONG");
    }
    assertThat(new RedisReadinessCheck(server.settings()).check().ready()).isTrue();
  }

  @Test
  void pooledConnectionsUseTheSameTls() {
    try (UnifiedJedis pool = RedisPools.open(server.settings(), "test-pool")) {
      pool.set("tls-test-key", "over TLS");
      assertThat(pool.get("tls-test-key")).isEqualTo("over TLS");
    }
  }

  @Test
  void aServerCertificateOfAnotherAuthorityIsRefused() {
    var tls = RedisTls.of(Optional.of(certificates.strangerCaCertificate), Optional.empty());
    var strangerTrust =
        server.settings().withConnection(server.settings().connection().withTls(tls));

    assertThatThrownBy(() -> strangerTrust.connect().close())
        .isInstanceOf(JedisConnectionException.class)
        .hasStackTraceContaining("PKIX path building failed");
  }

  @Test
  void theJvmsAuthoritiesAloneDoNotTrustTheTestAuthority() {
    var systemTrust = new RedisSettings(server.url(), java.time.Duration.ofSeconds(2));

    assertThatThrownBy(() -> systemTrust.connect().close())
        .isInstanceOf(JedisConnectionException.class)
        .hasStackTraceContaining("PKIX path building failed");
  }

  @Test
  void aCertificateForAnotherHostNameIsRefusedEvenFromTheTrustedAuthority() {
    try (TlsRedis elsewhere = TlsRedis.withCertificateForAnotherHost(certificates)) {
      assertThatThrownBy(() -> elsewhere.settings().connect().close())
          .isInstanceOf(JedisConnectionException.class)
          .hasStackTraceContaining("No subject alternative names matching IP address 127.0.0.1");
    }
  }

  @Test
  void aServerThatRequiresClientCertificatesAcceptsTheRelaysCertificate() {
    try (TlsRedis strict = TlsRedis.requiringClientCertificates(certificates)) {
      assertThatThrownBy(
              () -> {
                try (Jedis jedis = strict.settings().connect()) {
                  jedis.ping();
                }
              })
          .isInstanceOf(JedisConnectionException.class);

      var withCertificate =
          strict.settings(Optional.empty(), Optional.of(strict.clientCertificate()));
      try (Jedis jedis = withCertificate.connect()) {
        assertThat(jedis.ping()).isEqualTo("PONG");
      }
    }
  }

  @Test
  void anAclUserSignsInOverTls() {
    var relay =
        server.settings(
            Optional.of(new RedisUser(Optional.of("relay"), "relay-pw")), Optional.empty());
    try (Jedis jedis = relay.connect()) {
      assertThat(jedis.aclWhoAmI()).isEqualTo("relay");
    }
  }

  @Test
  void aWrongPasswordIsRefusedWithRedisReason() {
    var wrong =
        server.settings(
            Optional.of(new RedisUser(Optional.of("relay"), "not-the-password")), Optional.empty());

    assertThatThrownBy(() -> wrong.connect().close())
        .isInstanceOf(JedisAccessControlException.class)
        .hasMessageContaining("WRONGPASS");
    assertThat(new RedisReadinessCheck(wrong).check().detail())
        .contains("WRONGPASS")
        .doesNotContain("not-the-password");
  }
}
