package io.progressrelay.adapter.in.web;

import io.javalin.config.JavalinConfig;

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
  static final String CACHE_CONTROL = ClasspathDocument.CACHE_CONTROL;

  private final ClasspathDocument document = ClasspathDocument.load(RESOURCE, CONTENT_TYPE);

  @Override
  public void configure(JavalinConfig config) {
    config.routes.get(PATH, document::serve);
  }
}
