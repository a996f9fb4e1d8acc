package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.adapter.out.redis.RedisUser;
import io.progressrelay.adapter.out.redis.TestCertificates;
import io.progressrelay.adapter.out.redis.TlsRedis;
import io.progressrelay.domain.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The relay on a TLS-only Redis of the test's own, trusting the test's authority and signing in as
 * an ACL user whose password is in a file: events reach sockets and HTTP publishing works; a wrong
 * password leaves the relay not ready, with Redis's reason.
 */
class RedisTlsAndAclTest {
  private static TestCertificates certificates;
  private static TlsRedis server;
  @TempDir Path directory;

  @BeforeAll
  static void start() {
    certificates = TestCertificates.create();
    server = TlsRedis.start(certificates);
    server.addUser("relay", "relay-password");
  }

  @AfterAll
  static void stop() {
    server.close();
    certificates.close();
  }

  @Test
  void theRelayRelaysOverTlsAsAnAclUser() throws IOException {
    Path password = Files.writeString(directory.resolve("redis-password"), "relay-password\n");
    try (RelayUnderTest relay =
        RelayUnderTest.onRedis(
            "RedisTlsAndAclTest",
            server.url(),
            Map.of(
                "RELAY_REDIS_TLS_CA_FILE", certificates.caCertificate.toString(),
                "RELAY_REDIS_USERNAME", "relay",
                "RELAY_REDIS_PASSWORD_FILE", password.toString()))) {
      await().atMost(Duration.ofSeconds(10)).until(relay.application()::listening);
      String worker = relay.tokenFor("worker", Role.SERVICE);
      assertThat(relay.api.put("/api/uploads/tls-1", worker, "{\"ownerId\":\"tia\"}").status())
          .isEqualTo(201);
      TestSocket socket = relay.socketFor("tia");
      socket.send("{\"action\":\"subscribe_upload\",\"upload_id\":\"tls-1\"}");
      assertThat(socket.nextFrame()).contains("subscribed");

      var asWorker =
          server.settings(
              Optional.of(new RedisUser(Optional.of("relay"), "relay-password")), Optional.empty());
      try (Jedis jedis = asWorker.connect("test-worker")) {
        jedis.publish(
            relay.redisEnvironment().get("RELAY_REDIS_UPLOAD_PREFIX") + "tls-1",
            "{\"action\":\"over_tls\"}");
      }
      assertThat(socket.nextFrame()).isEqualTo("{\"action\":\"over_tls\"}");
      assertThat(
              relay
                  .api
                  .post("/api/publish/uploads/tls-1", worker, "{\"action\":\"http\"}")
                  .status())
          .isEqualTo(202);
      assertThat(socket.nextFrame()).isEqualTo("{\"action\":\"http\"}");
      assertThat(relay.api.get("/readyz", null).status()).isEqualTo(200);
      socket.close();
    }
  }

  @Test
  void aWrongPasswordLeavesTheRelayNotReadyWithRedisReason() {
    try (RelayUnderTest relay =
        RelayUnderTest.onRedis(
            "RedisTlsAndAclTestWrongPassword",
            server.url(),
            Map.of(
                "RELAY_REDIS_TLS_CA_FILE", certificates.caCertificate.toString(),
                "RELAY_REDIS_USERNAME", "relay",
                "RELAY_REDIS_PASSWORD", "not-the-password"))) {
      var readiness = relay.api.get("/readyz", null);
      assertThat(readiness.status()).isEqualTo(503);
      assertThat(readiness.body()).contains("WRONGPASS").doesNotContain("not-the-password");
      assertThat(relay.application().listening()).isFalse();
    }
  }
}
