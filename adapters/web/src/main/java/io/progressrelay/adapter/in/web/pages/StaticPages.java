package io.progressrelay.adapter.in.web.pages;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.progressrelay.adapter.in.web.WebComponent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the browser pages from the classpath folder {@code public/}: the user page at {@code /},
 * the admin page at {@code /admin}, the reference client under {@code /client/} and the pages'
 * styles and scripts under {@code /assets/}.
 *
 * <p>The URLs carry no version, so every answer says {@code Cache-Control: no-cache} with a strong
 * ETag: browsers revalidate each time and get a bodiless 304 while the file is unchanged. HTML
 * answers also carry a Content-Security-Policy that allows only this origin (the pages' socket
 * included) and no inline script.
 */
public final class StaticPages implements WebComponent {
  // One folder level, lower-case names: no path can climb out of public/.
  private static final Pattern FILE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}\\.[a-z]{2,4}");

  static final String CACHE_CONTROL = "no-cache";
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'";

  private final Map<String, PublicAsset> cache = new ConcurrentHashMap<>();

  @Override
  public void configure(JavalinConfig config) {
    config.routes.get("/", ctx -> send(ctx, "index.html"));
    config.routes.get("/admin", ctx -> send(ctx, "admin.html"));
    config.routes.get("/client/{file}", ctx -> send(ctx, "client/" + fileName(ctx)));
    config.routes.get("/assets/{file}", ctx -> send(ctx, "assets/" + fileName(ctx)));
  }

  private static String fileName(Context ctx) {
    String name = ctx.pathParam("file");
    if (!FILE_NAME.matcher(name).matches()) {
      throw new NotFoundResponse();
    }
    return name;
  }

  private void send(Context ctx, String path) {
    PublicAsset asset = find(path);
    ctx.header("Cache-Control", CACHE_CONTROL);
    ctx.header("ETag", asset.etag());
    ctx.header("X-Content-Type-Options", "nosniff");
    if (path.endsWith(".html")) {
      ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
      // The pages accept a token in the URL; never pass that URL on.
      ctx.header("Referrer-Policy", "no-referrer");
    }
    if (matches(ctx.header("If-None-Match"), asset.etag())) {
      ctx.status(304);
      return;
    }
    ctx.contentType(asset.contentType()).result(asset.bytes());
  }

  // RFC 9110 13.1.2: a list of tags or "*", compared weakly.
  private static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.strip();
      if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  // Only files that exist are cached, so unknown names cannot grow the map.
  private PublicAsset find(String path) {
    PublicAsset cached = cache.get(path);
    if (cached != null) {
      return cached;
    }
    PublicAsset loaded = PublicAsset.load(path).orElseThrow(NotFoundResponse::new);
    cache.putIfAbsent(path, loaded);
    return loaded;
  }
}
