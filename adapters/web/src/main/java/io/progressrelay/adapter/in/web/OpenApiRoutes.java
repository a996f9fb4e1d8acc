package io.progressrelay.adapter.in.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code GET /api/openapi.yaml}: the API's OpenAPI 3.1 document, without authentication, with an
 * ETag and a short cache lifetime so clients and proxies may keep it.
 */
final class OpenApiRoutes implements WebComponent {
  /** Where the document is served; the authentication filter lets it through. */
  static final String PATH = "/api/openapi.yaml";

  /** The document on the classpath, as it is kept in the repository. */
  static final String RESOURCE = "openapi/progress-relay.yaml";

  static final String CONTENT_TYPE = "application/yaml;charset=utf-8";
  static final String CACHE_CONTROL = "public, max-age=300";

  private final byte[] document;
  private final String etag;

  OpenApiRoutes() {
    this.document = read();
    this.etag = etagOf(document);
  }

  @Override
  public void configure(JavalinConfig config) {
    config.routes.get(PATH, this::serve);
  }

  private void serve(Context ctx) {
    ctx.header("Cache-Control", CACHE_CONTROL);
    ctx.header("ETag", etag);
    ctx.header("X-Content-Type-Options", "nosniff");
    if (etag.equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
      return;
    }
    ctx.contentType(CONTENT_TYPE).result(document);
  }

  private static byte[] read() {
    try (InputStream in = OpenApiRoutes.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the classpath has no " + RESOURCE);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
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
