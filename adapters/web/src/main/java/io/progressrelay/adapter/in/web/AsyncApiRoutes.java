package io.progressrelay.adapter.in.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * {@code GET /api/asyncapi.yaml}: the WebSocket and event-stream protocol as an AsyncAPI 3.0
 * document, and {@code GET /api/schemas/...}: the JSON Schemas of its frames, which the document
 * references relatively ({@code ./schemas/server/event.json}), so that a client that fetched the
 * document from the relay resolves them there. No authentication; cacheable, as the OpenAPI
 * document.
 */
final class AsyncApiRoutes implements WebComponent {
  /** Where the document is served; the authentication filter lets it through. */
  static final String PATH = "/api/asyncapi.yaml";

  /** Where the frame schemas are served, under their path beside the document. */
  static final String SCHEMAS_PREFIX = "/api/schemas/";

  /** The document on the classpath, as it is kept in the repository. */
  static final String RESOURCE = "asyncapi/progress-relay.yaml";

  private static final String SCHEMAS_RESOURCE = "asyncapi/schemas/";
  private static final String SCHEMA_CONTENT_TYPE = "application/schema+json";
  private static final Pattern FILE = Pattern.compile("[a-z][a-z_-]{0,63}\\.json");
  private static final Pattern GROUP = Pattern.compile("client|server|common");

  private final ClasspathDocument document =
      ClasspathDocument.load(RESOURCE, OpenApiRoutes.CONTENT_TYPE);
  // Schemas read once on first request; the set of names is bounded by the classpath.
  private final Map<String, ClasspathDocument> schemas = new ConcurrentHashMap<>();

  @Override
  public void configure(JavalinConfig config) {
    config.routes.get(PATH, document::serve);
    config.routes.get(SCHEMAS_PREFIX + "{file}", ctx -> schema(ctx, ""));
    config.routes.get(
        SCHEMAS_PREFIX + "{group}/{file}", ctx -> schema(ctx, group(ctx.pathParam("group"))));
  }

  private void schema(Context ctx, String directory) {
    String file = ctx.pathParam("file");
    if (!FILE.matcher(file).matches()) {
      throw new NotFoundResponse();
    }
    String resource = SCHEMAS_RESOURCE + directory + file;
    ClasspathDocument found = schemas.get(resource);
    if (found == null) {
      Optional<ClasspathDocument> read = ClasspathDocument.find(resource, SCHEMA_CONTENT_TYPE);
      if (read.isEmpty()) {
        throw new NotFoundResponse();
      }
      found = schemas.computeIfAbsent(resource, key -> read.get());
    }
    found.serve(ctx);
  }

  private static String group(String group) {
    if (!GROUP.matcher(group).matches()) {
      throw new NotFoundResponse();
    }
    return group + "/";
  }
}
