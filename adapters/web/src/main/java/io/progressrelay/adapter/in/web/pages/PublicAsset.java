package io.progressrelay.adapter.in.web.pages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/** One file of the {@code public/} classpath folder, read once: its bytes, type and ETag. */
final class PublicAsset {
  private static final String FOLDER = "public/";

  private static final Map<String, String> TYPES_BY_EXTENSION =
      Map.of(
          "html", "text/html;charset=utf-8",
          "js", "text/javascript;charset=utf-8",
          "css", "text/css;charset=utf-8",
          "svg", "image/svg+xml;charset=utf-8");

  private final byte[] bytes;
  private final String contentType;
  private final String etag;

  private PublicAsset(byte[] bytes, String contentType) {
    this.bytes = bytes;
    this.contentType = contentType;
    this.etag = etagOf(bytes);
  }

  /**
   * The file at {@code public/<path>}, or empty when the classpath has none or its extension has no
   * known content type.
   */
  static Optional<PublicAsset> load(String path) {
    String contentType = TYPES_BY_EXTENSION.get(path.substring(path.lastIndexOf('.') + 1));
    if (contentType == null) {
      return Optional.empty();
    }
    try (InputStream in = PublicAsset.class.getClassLoader().getResourceAsStream(FOLDER + path)) {
      return in == null
          ? Optional.empty()
          : Optional.of(new PublicAsset(in.readAllBytes(), contentType));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + FOLDER + path, e);
    }
  }

  /** The content; callers must not modify it. */
  byte[] bytes() {
    return bytes;
  }

  String contentType() {
    return contentType;
  }

  /** A strong entity tag derived from the content, quoted as the header wants it. */
  String etag() {
    return etag;
  }

  private static String etagOf(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }
}
