package io.progressrelay.adapter.in.web.auth;

import static io.progressrelay.adapter.in.web.auth.JwtAuthenticatorTest.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.progressrelay.adapter.in.web.auth.AuthenticationException.Reason;
import io.progressrelay.domain.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtPublicKeyTest {
  private static KeyPair rsa;
  private static KeyPair ec;

  @TempDir Path dir;

  @BeforeAll
  static void generateKeys() throws Exception {
    KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
    rsaGenerator.initialize(2048);
    rsa = rsaGenerator.generateKeyPair();
    KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
    ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
    ec = ecGenerator.generateKeyPair();
  }

  @Test
  void rs256TokensVerifyWithAPemPublicKey() throws Exception {
    var authenticator = new JwtAuthenticator(JwtKeys.fromPublicKeyFile(pem("rsa.pem", rsa)));

    AuthenticatedCaller caller = authenticator.authenticate(TestTokens.rs256(rsa, claims()));

    assertThat(caller.caller().userId().value()).isEqualTo("alice");
    assertThat(caller.caller().roles()).containsExactly(Role.ADMIN);
  }

  @Test
  void es256TokensVerifyWithAPemPublicKey() throws Exception {
    var authenticator = new JwtAuthenticator(JwtKeys.fromPublicKeyFile(pem("ec.pem", ec)));

    assertThat(authenticator.authenticate(TestTokens.es256(ec, claims())).caller().userId().value())
        .isEqualTo("alice");
  }

  @Test
  void rs256AndEs256TokensVerifyWithAJwksFile() throws Exception {
    var jwks =
        new JWKSet(
            List.of(
                new RSAKey.Builder((RSAPublicKey) rsa.getPublic()).keyID("rsa-1").build(),
                new ECKey.Builder(Curve.P_256, (ECPublicKey) ec.getPublic())
                    .keyID("ec-1")
                    .build()));
    Path file = Files.writeString(dir.resolve("keys.json"), jwks.toString());
    var authenticator = new JwtAuthenticator(JwtKeys.fromPublicKeyFile(file));

    assertThat(authenticator.authenticate(TestTokens.rs256(rsa, claims()))).isNotNull();
    assertThat(authenticator.authenticate(TestTokens.es256(ec, claims()))).isNotNull();
  }

  @Test
  void aTokenSignedWithAnotherPrivateKeyIsInvalid() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair other = generator.generateKeyPair();
    var authenticator = new JwtAuthenticator(JwtKeys.fromPublicKeyFile(pem("rsa.pem", rsa)));

    assertRejected(
        () -> authenticator.authenticate(TestTokens.rs256(other, claims())), Reason.INVALID);
  }

  @Test
  void anHmacTokenKeyedWithThePublicKeyIsRejected() throws Exception {
    Path file = pem("rsa.pem", rsa);
    var authenticator = new JwtAuthenticator(JwtKeys.fromPublicKeyFile(file));
    // The classic algorithm-confusion attack: HS256 with the (public) verification key as secret.
    String forged = TestTokens.hs256(Files.readAllBytes(file), claims());

    assertRejected(() -> authenticator.authenticate(forged), Reason.INVALID);
  }

  @Test
  void aTokenOfAnotherAlgorithmFamilyIsRejected() throws Exception {
    var rsaOnly = new JwtAuthenticator(JwtKeys.fromPublicKeyFile(pem("rsa.pem", rsa)));

    assertRejected(() -> rsaOnly.authenticate(TestTokens.es256(ec, claims())), Reason.INVALID);
    assertRejected(() -> rsaOnly.authenticate(TestTokens.unsigned(claims())), Reason.INVALID);
  }

  @Test
  void aFileThatHoldsNoKeyIsRefusedWithAClearMessage() throws Exception {
    Path file = Files.writeString(dir.resolve("nonsense.txt"), "hello");

    assertThatThrownBy(() -> JwtKeys.fromPublicKeyFile(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("neither a PEM");
  }

  @Test
  void anEcKeyOnAnotherCurveIsRefused() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp384r1"));

    Path file = pem("p384.pem", generator.generateKeyPair());

    assertThatThrownBy(() -> JwtKeys.fromPublicKeyFile(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("P-256");
  }

  private Path pem(String name, KeyPair keys) throws Exception {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPublic().getEncoded());
    return Files.writeString(
        dir.resolve(name), "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");
  }

  private static JWTClaimsSet claims() {
    return new JWTClaimsSet.Builder(
            TestTokens.claims("alice", Instant.now().plusSeconds(300)).build())
        .claim("roles", List.of("admin"))
        .build();
  }
}
