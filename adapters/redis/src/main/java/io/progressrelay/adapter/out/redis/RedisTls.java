package io.progressrelay.adapter.out.redis;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the relay speaks TLS to Redis: which certificate authorities it trusts (the JVM's, or those
 * of a PEM file), and optionally the client certificate it presents (mutual TLS). The server's
 * certificate must name the host or IP address the relay connects to. Immutable and thread-safe;
 * the files are read once, when it is built, so a bad file stops the start with a clear error.
 */
public final class RedisTls {
  private static final Pattern PEM_BLOCK =
      Pattern.compile(
          "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)-----END \\1-----", Pattern.DOTALL);
  private static final char[] NO_PASSWORD = new char[0];

  private final SSLSocketFactory socketFactory;
  private final String description;

  private RedisTls(SSLSocketFactory socketFactory, String description) {
    this.socketFactory = socketFactory;
    this.description = description;
  }

  /** TLS that trusts the certificate authorities the JVM trusts, with no client certificate. */
  public static RedisTls withSystemTrust() {
    try {
      return new RedisTls(SSLContext.getDefault().getSocketFactory(), "TLS");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JVM has no default TLS context", e);
    }
  }

  /**
   * TLS that trusts only the certificates of {@code caFile} (PEM, one or more {@code CERTIFICATE}
   * blocks) or, when empty, the JVM's, and presents {@code clientCertificate} when given.
   *
   * @throws InvalidTlsFileException naming the file that cannot be read or used
   */
  public static RedisTls of(Optional<Path> caFile, Optional<ClientCertificate> clientCertificate) {
    try {
      var context = SSLContext.getInstance("TLS");
      context.init(
          clientCertificate.isPresent() ? keyManagers(clientCertificate.get()) : null,
          caFile.isPresent() ? trustManagers(caFile.get()) : null,
          null);
      String description =
          "TLS"
              + caFile.map(file -> ", CA " + file.getFileName()).orElse("")
              + clientCertificate
                  .map(c -> ", client certificate " + c.certificateFile().getFileName())
                  .orElse("");
      return new RedisTls(context.getSocketFactory(), description);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** The factory every TLS connection to Redis is made with. */
  public SSLSocketFactory socketFactory() {
    return socketFactory;
  }

  /**
   * Parameters that make the handshake check the server's certificate against the host name (or IP
   * address) connected to, as HTTPS does. Jedis 7 does so too when given none; they are explicit
   * here so that the check never rests on a library default.
   */
  public SSLParameters parameters() {
    var parameters = new SSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    return parameters;
  }

  /** For logs: TLS, and which files it uses (never a key). */
  public String describe() {
    return description;
  }

  @Override
  public String toString() {
    return "RedisTls[" + description + "]";
  }

  /** A client certificate (PEM, possibly followed by its chain) and its PKCS#8 PEM private key. */
  public record ClientCertificate(Path certificateFile, Path keyFile) {}

  /** A TLS file is missing, unreadable, or does not hold what it should. */
  public static final class InvalidTlsFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    InvalidTlsFileException(Path file, String problem) {
      super("'" + file + "' " + problem);
      this.file = file;
    }

    /** The file at fault. */
    public Path file() {
      return file;
    }
  }

  private static javax.net.ssl.TrustManager[] trustManagers(Path caFile)
      throws GeneralSecurityException {
    List<X509Certificate> certificates = certificates(caFile);
    KeyStore store = emptyKeyStore();
    for (int i = 0; i < certificates.size(); i++) {
      store.setCertificateEntry("ca-" + i, certificates.get(i));
    }
    var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory.getTrustManagers();
  }

  private static javax.net.ssl.KeyManager[] keyManagers(ClientCertificate client)
      throws GeneralSecurityException {
    List<X509Certificate> chain = certificates(client.certificateFile());
    PrivateKey key = privateKey(client.keyFile());
    KeyStore store = emptyKeyStore();
    store.setKeyEntry("client", key, NO_PASSWORD, chain.toArray(Certificate[]::new));
    var factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, NO_PASSWORD);
    return factory.getKeyManagers();
  }

  private static List<X509Certificate> certificates(Path file) {
    List<byte[]> blocks = blocks(file, "CERTIFICATE");
    if (blocks.isEmpty()) {
      throw new InvalidTlsFileException(
          file, "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      var factory = CertificateFactory.getInstance("X.509");
      for (byte[] der : blocks) {
        certificates.add(
            (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      }
    } catch (CertificateException e) {
      throw new InvalidTlsFileException(
          file, "holds a certificate that cannot be read: " + e.getMessage());
    }
    return certificates;
  }

  private static PrivateKey privateKey(Path file) {
    List<byte[]> blocks = blocks(file, "PRIVATE KEY");
    if (blocks.size() != 1) {
      throw new InvalidTlsFileException(
          file,
          "must hold one unencrypted PKCS#8 PEM key (-----BEGIN PRIVATE KEY-----); convert an"
              + " RSA or EC key with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.p8.pem");
    }
    var spec = new PKCS8EncodedKeySpec(blocks.get(0));
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
        // not this algorithm; try the next
      }
    }
    throw new InvalidTlsFileException(file, "holds a key that is not RSA, EC or EdDSA");
  }

  // The base64 bodies of the PEM blocks labelled exactly {@code label}.
  private static List<byte[]> blocks(Path file, String label) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException | RuntimeException e) {
      throw new InvalidTlsFileException(file, "cannot be read: " + e.getMessage());
    }
    List<byte[]> blocks = new ArrayList<>();
    Matcher matcher = PEM_BLOCK.matcher(text);
    while (matcher.find()) {
      if (matcher.group(1).equals(label)) {
        try {
          blocks.add(Base64.getMimeDecoder().decode(matcher.group(2)));
        } catch (IllegalArgumentException e) {
          throw new InvalidTlsFileException(file, "holds a PEM block that is not base64");
        }
      }
    }
    return blocks;
  }

  private static KeyStore emptyKeyStore() throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create an empty key store", e);
    }
    return store;
  }
}
