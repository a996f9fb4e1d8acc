package io.progressrelay.adapter.in.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A contract document kept on the classpath (the OpenAPI and AsyncAPI documents, the frame
 * schemas), served as it is kept in the repository, without authentication, with an ETag and a
 * short cache lifetime so clients and proxies may keep it. Immutable.
 */
final class ClasspathDocument {
  static final String CACHE_CONTROL = "public, max-age=300";

  private final byte[] bytes;
  private final String etag;
  private final String contentType;

  private ClasspathDocument(byte[] bytes, String contentType) {
    this.bytes = bytes;
    this.etag = etagOf(bytes);
    this.contentType = contentType;
  }

  /** The document at {@code resource}; fails when the classpath has none. */
  static ClasspathDocument load(String resource, String contentType) {
    return find(resource, contentType)
        .orElseThrow(() -> new IllegalStateException("the classpath has no " + resource));
  }

  /** The document at {@code resource}, or empty when the classpath has none. */
  static Optional<ClasspathDocument> find(String resource, String contentType) {
    try (InputStream in = ClasspathDocument.class.getClassLoader().getResourceAsStream(resource)) {
      return in == null
          ? Optional.empty()
          : Optional.of(new ClasspathDocument(in.readAllBytes(), contentType));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** Answers with the document, or 304 when the client's copy ({@code If-None-Match}) is it. */
  void serve(Context ctx) {
    ctx.header("Cache-Control", CACHE_CONTROL);
    ctx.header("ETag", etag);
    ctx.header("X-Content-Type-Options", "nosniff");
    if (etag.equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
      return;
    }
    ctx.contentType(contentType).result(bytes);
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
