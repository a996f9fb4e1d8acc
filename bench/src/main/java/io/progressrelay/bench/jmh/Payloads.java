package io.progressrelay.bench.jmh;

import java.nio.charset.StandardCharsets;

/**
 * Messages as the upload workers publish them: {@code upload_progress} on {@code upload:<id>}, 64
 * variants of one upload's progress so consecutive events differ as they do in production.
 */
final class Payloads {
  static final int VARIANTS = 64;
  static final int MASK = VARIANTS - 1;
  static final String ACTION = "upload_progress";

  private Payloads() {}

  /** A realistic upload id (the relay accepts 1..128 chars of [A-Za-z0-9_.:-]). */
  static String uploadId(int n) {
    return String.format("8c1f0a52-3d6e-4b7a-9f21-%012d", n);
  }

  static String channel(String uploadId) {
    return "upload:" + uploadId;
  }

  /** One progress message of {@code uploadId}, about 290 bytes. */
  static String progress(String uploadId, int variant) {
    int percent = variant * 100 / VARIANTS;
    String stage = percent < 40 ? "vision_analysis" : "description_generation";
    return "{\"action\":\""
        + ACTION
        + "\",\"payload\":{\"upload_id\":\""
        + uploadId
        + "\",\"status\":\"analyzing\",\"stage\":\""
        + stage
        + "\",\"progress_percent\":"
        + percent
        + ",\"message\":\"Analyzing image content\",\"error_message\":null,"
        + "\"description_audit_score\":null},\"timestamp\":\"2026-11-26T14:03:"
        + String.format("%02d.%06d", variant % 60, 418211 + variant)
        + "\"}";
  }

  /** All variants of {@link #progress} as text. */
  static String[] progressTexts(String uploadId) {
    String[] texts = new String[VARIANTS];
    for (int i = 0; i < VARIANTS; i++) {
      texts[i] = progress(uploadId, i);
    }
    return texts;
  }

  /** All variants of {@link #progress} as the bytes Redis delivers. */
  static byte[][] progressBytes(String uploadId) {
    byte[][] messages = new byte[VARIANTS][];
    for (int i = 0; i < VARIANTS; i++) {
      messages[i] = progress(uploadId, i).getBytes(StandardCharsets.UTF_8);
    }
    return messages;
  }
}
