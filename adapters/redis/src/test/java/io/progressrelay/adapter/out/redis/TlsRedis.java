package io.progressrelay.adapter.out.redis;

import io.progressrelay.testing.LocalServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLParameters;
import org.awaitility.Awaitility;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A local {@code redis-server} of one test's own that speaks TLS only ({@code --port 0
 * --tls-port}), with a certificate of {@link TestCertificates}, on a free loopback port; it may
 * require client certificates. Never the shared server of the machine.
 */
public final class TlsRedis implements AutoCloseable {
  private final int port = LocalServerProcess.freePort();
  private final TestCertificates certificates;
  private final Path directory;
  private final RedisServerProcess process;

  private TlsRedis(
      TestCertificates certificates, Path certificate, Path key, boolean clientCertificates) {
    this.certificates = certificates;
    try {
      this.directory = Files.createTempDirectory("relay-test-tls-redis-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.process =
        RedisServerProcess.start(
            directory,
            "redis",
            List.of(
                "--port",
                "0",
                "--tls-port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--tls-cert-file",
                certificate.toString(),
                "--tls-key-file",
                key.toString(),
                "--tls-ca-cert-file",
                certificates.caCertificate.toString(),
                "--tls-auth-clients",
                clientCertificates ? "yes" : "no"));
    try {
      Awaitility.await("TLS Redis on port " + port)
          .atMost(Duration.ofSeconds(15))
          .ignoreExceptions()
          .until(() -> "PONG".equals(admin().ping()));
    } catch (RuntimeException e) {
      String log = process.logTail();
      close();
      throw new IllegalStateException("the TLS Redis did not answer: " + log, e);
    }
  }

  /** With the server certificate for localhost and 127.0.0.1; client certificates optional. */
  public static TlsRedis start(TestCertificates certificates) {
    return new TlsRedis(
        certificates, certificates.serverCertificate, certificates.serverKey, false);
  }

  /** As {@link #start}, refusing clients that present no certificate of the test's authority. */
  public static TlsRedis requiringClientCertificates(TestCertificates certificates) {
    return new TlsRedis(certificates, certificates.serverCertificate, certificates.serverKey, true);
  }

  /** With a certificate the authority signed for another host name than the one connected to. */
  public static TlsRedis withCertificateForAnotherHost(TestCertificates certificates) {
    return new TlsRedis(
        certificates, certificates.otherHostCertificate, certificates.otherHostKey, false);
  }

  /** {@code rediss://127.0.0.1:<port>}. */
  public URI url() {
    return URI.create("rediss://127.0.0.1:" + port);
  }

  /** Settings that trust the test's authority and present no client certificate. */
  public RedisSettings settings() {
    return settings(Optional.empty(), Optional.empty());
  }

  /** Settings that trust the test's authority, as {@code user} and with {@code client}. */
  public RedisSettings settings(
      Optional<RedisUser> user, Optional<RedisTls.ClientCertificate> client) {
    var tls = RedisTls.of(Optional.of(certificates.caCertificate), client);
    return new RedisSettings(url(), Duration.ofSeconds(2))
        .withConnection(
            new RedisConnectionSettings(Duration.ofSeconds(2), Optional.of(tls), user, 0));
  }

  /** The test's own client certificate. */
  public RedisTls.ClientCertificate clientCertificate() {
    return new RedisTls.ClientCertificate(certificates.clientCertificate, certificates.clientKey);
  }

  /** Creates {@code user} with {@code password}, allowed everything (ACL SETUSER). */
  public void addUser(String user, String password) {
    try (Jedis jedis = admin()) {
      jedis.aclSetUser(user, "on", ">" + password, "~*", "&*", "+@all");
    }
  }

  // As the default user, with the client certificate, and without checking the host name, so it
  // also reaches a server whose certificate names another host.
  private Jedis admin() {
    var tls =
        RedisTls.of(Optional.of(certificates.caCertificate), Optional.of(clientCertificate()));
    return new Jedis(
        new HostAndPort("127.0.0.1", port),
        DefaultJedisClientConfig.builder()
            .ssl(true)
            .sslSocketFactory(tls.socketFactory())
            .sslParameters(new SSLParameters()) // no endpoint identification: no host name check
            .clientName("test-admin")
            .build());
  }

  @Override
  public void close() {
    process.kill();
    LocalServerProcess.deleteRecursively(directory);
  }
}
