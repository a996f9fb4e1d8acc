package io.progressrelay.adapter.in.web.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.Date;

/** Hand-made tokens, including ones no honest issuer would produce. */
public final class TestTokens {
  private TestTokens() {}

  /** Claims for {@code sub} expiring at {@code exp}; tests add or drop claims as needed. */
  public static JWTClaimsSet.Builder claims(String sub, Instant exp) {
    return new JWTClaimsSet.Builder().subject(sub).expirationTime(Date.from(exp));
  }

  public static String hs256(byte[] secret, JWTClaimsSet claims) {
    try {
      return sign(JWSAlgorithm.HS256, new MACSigner(secret), claims);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static String rs256(KeyPair keys, JWTClaimsSet claims) {
    return sign(JWSAlgorithm.RS256, new RSASSASigner(keys.getPrivate()), claims);
  }

  static String es256(KeyPair keys, JWTClaimsSet claims) {
    try {
      return sign(JWSAlgorithm.ES256, new ECDSASigner((ECPrivateKey) keys.getPrivate()), claims);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static String unsigned(JWTClaimsSet claims) {
    return new PlainJWT(claims).serialize();
  }

  private static String sign(JWSAlgorithm algorithm, JWSSigner signer, JWTClaimsSet claims) {
    var jwt = new SignedJWT(new JWSHeader(algorithm), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }
}
