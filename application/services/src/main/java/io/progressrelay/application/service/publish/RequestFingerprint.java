package io.progressrelay.application.service.publish;

import io.progressrelay.domain.OutgoingEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The SHA-256 of a publish request's events (each channel's prefix-free key and data, with their
 * lengths, in order): equal exactly when two requests would publish the same thing.
 */
final class RequestFingerprint {
  private RequestFingerprint() {}

  static String of(List<OutgoingEvent> events) {
    MessageDigest sha256 = sha256();
    for (OutgoingEvent event : events) {
      byte[] channel = event.channel().key().getBytes(StandardCharsets.UTF_8);
      sha256.update(ByteBuffer.allocate(4).putInt(channel.length).array());
      sha256.update(channel);
      sha256.update(ByteBuffer.allocate(4).putInt(event.data().length).array());
      sha256.update(event.data());
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
