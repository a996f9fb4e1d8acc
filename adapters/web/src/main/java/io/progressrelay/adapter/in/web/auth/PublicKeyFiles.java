package io.progressrelay.adapter.in.web.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads verification keys from a PEM public key or a JWKS file, without extra crypto libraries. */
final class PublicKeyFiles {
  private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String PEM_END = "-----END PUBLIC KEY-----";

  private PublicKeyFiles() {}

  static JWKSet read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (text.startsWith("{")) {
      return parseJwks(file, text);
    }
    if (text.contains(PEM_BEGIN)) {
      return new JWKSet(toJwk(file, parsePem(file, text)));
    }
    throw new IllegalArgumentException(
        "JWT public key file "
            + file
            + " is neither a PEM '"
            + PEM_BEGIN
            + "' block nor a JWKS JSON document");
  }

  /** RS256 for RSA keys and ES256 for P-256 keys; fails when the set holds neither. */
  static Set<JWSAlgorithm> algorithmsFor(JWKSet keys) {
    Set<JWSAlgorithm> algorithms = new HashSet<>();
    for (JWK key : keys.getKeys()) {
      if (key instanceof RSAKey) {
        algorithms.add(JWSAlgorithm.RS256);
      } else if (key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
        algorithms.add(JWSAlgorithm.ES256);
      }
    }
    if (algorithms.isEmpty()) {
      throw new IllegalArgumentException(
          "the JWT key set holds no RSA or P-256 EC public key; only RS256 and ES256 are supported");
    }
    return algorithms;
  }

  private static JWKSet parseJwks(Path file, String text) {
    try {
      return JWKSet.parse(text);
    } catch (ParseException e) {
      throw new IllegalArgumentException(
          "JWT public key file " + file + " is not a valid JWKS document: " + e.getMessage(), e);
    }
  }

  private static PublicKey parsePem(Path file, String text) {
    int begin = text.indexOf(PEM_BEGIN) + PEM_BEGIN.length();
    int end = text.indexOf(PEM_END, begin);
    if (end < 0) {
      throw new IllegalArgumentException(
          "JWT public key file " + file + " lacks '" + PEM_END + "'");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(begin, end));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("JWT public key file " + file + " is not valid base64", e);
    }
    for (String algorithm : List.of("RSA", "EC")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException notThisKind) {
        // Try the next key type; the PEM header does not say which one it is.
      }
    }
    throw new IllegalArgumentException(
        "JWT public key file " + file + " holds neither an RSA nor an EC public key");
  }

  private static JWK toJwk(Path file, PublicKey key) {
    if (key instanceof RSAPublicKey rsa) {
      return new RSAKey.Builder(rsa).build();
    }
    ECPublicKey ec = (ECPublicKey) key;
    Curve curve = Curve.forECParameterSpec(ec.getParams());
    if (!Curve.P_256.equals(curve)) {
      throw new IllegalArgumentException(
          "JWT public key file "
              + file
              + " holds an EC key on curve "
              + curve
              + "; only P-256 (ES256) is supported");
    }
    return new ECKey.Builder(curve, ec).build();
  }
}
