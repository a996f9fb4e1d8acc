package io.progressrelay.adapter.in.web.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.adapter.in.web.support.ApiClient;
import io.progressrelay.adapter.in.web.support.ApiResponse;
import io.progressrelay.adapter.in.web.support.TestRelay;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

// One server for the class: a graceful stop waits about a second for idle keep-alive connections.
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StaticPagesTest {
  private TestRelay relay;
  private ApiClient browser;

  @BeforeAll
  void startRelay() {
    relay = TestRelay.start();
    browser = relay.anonymous();
  }

  @AfterAll
  void stopRelay() {
    relay.close();
  }

  @Test
  void theUserPageIsHtml() {
    ApiResponse response = browser.get("/");

    assertThat(response.status()).isEqualTo(200);
    assertThat(mediaType(response)).isEqualTo("text/html;charset=utf-8");
    assertThat(response.body()).contains("<title>Upload progress", "/assets/user-page.js");
  }

  @Test
  void theAdminPageIsHtml() {
    ApiResponse response = browser.get("/admin");

    assertThat(response.status()).isEqualTo(200);
    assertThat(mediaType(response)).isEqualTo("text/html;charset=utf-8");
    assertThat(response.body()).contains("<title>Admin", "/assets/admin-page.js");
  }

  @Test
  void theClientIsAJavaScriptModule() {
    ApiResponse response = browser.get("/client/progress-relay.js");

    assertThat(response.status()).isEqualTo(200);
    assertThat(mediaType(response)).isEqualTo("text/javascript;charset=utf-8");
    assertThat(response.body()).contains("export class ProgressRelayClient");
  }

  @Test
  void stylesAreCss() {
    ApiResponse response = browser.get("/assets/pages.css");

    assertThat(response.status()).isEqualTo(200);
    assertThat(mediaType(response)).isEqualTo("text/css;charset=utf-8");
  }

  @Test
  void pagesAreRevalidatedAndLockedDown() {
    ApiResponse page = browser.get("/");
    ApiResponse script = browser.get("/assets/user-page.js");

    assertThat(page.header("Cache-Control")).hasValue("no-cache");
    assertThat(page.header("ETag")).isPresent();
    assertThat(page.header("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(page.header("Content-Security-Policy"))
        .hasValue(StaticPages.CONTENT_SECURITY_POLICY);
    assertThat(page.header("Referrer-Policy")).hasValue("no-referrer");
    assertThat(script.header("Cache-Control")).hasValue("no-cache");
    assertThat(script.header("Content-Security-Policy")).isEmpty();
  }

  @Test
  void anUnchangedFileIsNotSentAgain() {
    String etag = browser.get("/client/progress-relay.js").header("ETag").orElseThrow();

    ApiResponse again =
        browser.send(browser.request("/client/progress-relay.js").header("If-None-Match", etag));

    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.header("ETag")).hasValue(etag);
  }

  @Test
  void unknownOrUnsafeFileNamesAreNotFound() {
    for (String path :
        new String[] {
          "/assets/missing.js",
          "/assets/..%2Fadmin.html",
          "/assets/%2E%2E%2F%2E%2E%2Flogback.xml",
          "/client/Progress-Relay.js",
          "/assets/pages.class",
          "/index.html"
        }) {
      ApiResponse response = browser.get(path);

      assertThat(response.status()).as(path).isEqualTo(404);
      assertThat(response.errorCode()).as(path).isEqualTo("not_found");
    }
  }

  @Test
  void theApiAndHealthRoutesAreUntouched() {
    assertThat(browser.get("/healthz").json().path("status").asText()).isEqualTo("up");
    assertThat(browser.get("/api/subscriptions").status()).isEqualTo(401);
    assertThat(browser.get("/api/nothing-here").status()).isEqualTo(401);
    assertThat(relay.as("alice").get("/api/nothing-here").errorCode()).isEqualTo("not_found");
  }

  // Jetty writes the charset of types it knows without a space; either spelling is correct.
  private static String mediaType(ApiResponse response) {
    return response.header("Content-Type").orElse("").replace(" ", "").toLowerCase(Locale.ROOT);
  }
}
