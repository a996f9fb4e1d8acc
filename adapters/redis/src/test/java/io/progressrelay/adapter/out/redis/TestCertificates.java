package io.progressrelay.adapter.out.redis;

import io.progressrelay.testing.LocalServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority and the certificates it signs, made with {@code openssl} in a directory
 * of the test's own when the test runs, so no private key is ever committed: a server certificate
 * for {@code localhost} and {@code 127.0.0.1}, one for another host name only, a client
 * certificate, and a second authority that signed none of them.
 */
public final class TestCertificates implements AutoCloseable {
  public final Path directory;
  public final Path caCertificate;
  public final Path serverCertificate;
  public final Path serverKey;

  /** Signed by the authority, but for {@code redis.elsewhere.test} only. */
  public final Path otherHostCertificate;

  public final Path otherHostKey;
  public final Path clientCertificate;
  public final Path clientKey;

  /** An authority that signed none of the certificates above. */
  public final Path strangerCaCertificate;

  private TestCertificates(Path directory) {
    this.directory = directory;
    this.caCertificate = directory.resolve("ca.crt");
    this.serverCertificate = directory.resolve("server.crt");
    this.serverKey = directory.resolve("server.key");
    this.otherHostCertificate = directory.resolve("other-host.crt");
    this.otherHostKey = directory.resolve("other-host.key");
    this.clientCertificate = directory.resolve("client.crt");
    this.clientKey = directory.resolve("client.key");
    this.strangerCaCertificate = directory.resolve("stranger-ca.crt");
  }

  /** Makes them all, with P-256 keys, which are quick to generate. */
  public static TestCertificates create() {
    Path directory;
    try {
      directory = Files.createTempDirectory("relay-test-tls-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var certificates = new TestCertificates(directory);
    certificates.authority("ca", "Relay Test CA");
    certificates.authority("stranger-ca", "Stranger CA");
    certificates.signed("server", "localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1");
    certificates.signed(
        "other-host", "redis.elsewhere.test", "subjectAltName=DNS:redis.elsewhere.test");
    certificates.signed("client", "relay", "extendedKeyUsage=clientAuth");
    return certificates;
  }

  private void authority(String name, String commonName) {
    openssl(
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=" + commonName,
        "-keyout",
        name + ".key",
        "-out",
        name + ".crt");
  }

  private void signed(String name, String commonName, String extension) {
    openssl(
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-subj",
        "/CN=" + commonName,
        "-keyout",
        name + ".key",
        "-out",
        name + ".csr");
    write(name + ".ext", extension + "\n");
    openssl(
        "x509",
        "-req",
        "-in",
        name + ".csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        name + ".ext",
        "-out",
        name + ".crt");
  }

  private void write(String file, String text) {
    try {
      Files.writeString(directory.resolve(file), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void openssl(String... arguments) {
    Path executable =
        LocalServerProcess.executable("openssl")
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "TLS tests make their certificates with openssl: install it (Debian: apt-get"
                            + " install openssl)"));
    List<String> command = new ArrayList<>(List.of(executable.toString()));
    command.addAll(List.of(arguments));
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(directory.resolve("openssl.out").toFile())
              .start();
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "openssl "
                + String.join(" ", arguments)
                + " failed: "
                + LocalServerProcess.tail(directory.resolve("openssl.out"), 2000));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Deletes the directory, keys and all. */
  @Override
  public void close() {
    LocalServerProcess.deleteRecursively(directory);
  }
}
