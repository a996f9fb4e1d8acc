package io.progressrelay.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.progressrelay.adapter.in.web.support.ApiClient;
import io.progressrelay.adapter.in.web.support.ApiResponse;
import io.progressrelay.adapter.in.web.support.TestRelay;
import io.progressrelay.domain.Identifiers;
import io.progressrelay.domain.InvalidValueException;
import io.progressrelay.domain.Role;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.slf4j.LoggerFactory;

/**
 * A coverage-guided fuzz test of the REST API's request parsing over real HTTP: one server on a
 * free port for the whole class, the real services on in-memory repositories, a caller holding
 * every role so that each route reads its path, query and body. Every request is answered with a
 * JSON error naming what was wrong, or accepted only when its ids are valid; never with a 500.
 * Without {@code JAZZER_FUZZ} the test runs its seeds in {@code RestRequestFuzzTestInputs/}.
 */
class RestRequestFuzzTest {
  // Small, so that the fuzzer reaches the size check with inputs of its usual lengths.
  private static final int MAX_BODY_BYTES = 1024;
  private static final Set<String> METHODS = Set.of("GET", "PUT", "POST", "DELETE", "PATCH");
  private static final Set<Integer> ANSWERS =
      Set.of(200, 201, 204, 400, 403, 404, 405, 409, 413, 415);
  private static final Pattern REGISTER = Pattern.compile("/api/uploads/([^/?]*)");
  private static final Pattern GRANT = Pattern.compile("/api/uploads/([^/?]*)/grants");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Logger RELAY_LOG = (Logger) LoggerFactory.getLogger("io.progressrelay");
  private static Level levelBefore;
  private static TestRelay relay;
  private static ApiClient admin;

  @BeforeAll
  static void startTheRelay() {
    levelBefore = RELAY_LOG.getLevel();
    RELAY_LOG.setLevel(Level.WARN); // every request is logged at INFO
    relay = TestRelay.builder().maxBodyBytes(MAX_BODY_BYTES).start();
    admin = relay.as("fuzz-admin", Role.ADMIN, Role.SERVICE);
  }

  @AfterAll
  static void stopTheRelay() {
    relay.close();
    RELAY_LOG.setLevel(levelBefore);
  }

  /**
   * The input's first line is {@code METHOD /path?query} (any other method is sent as POST, and
   * every character outside the URL-safe ones percent-encoded); the rest is the JSON body.
   */
  @FuzzTest
  @DictionaryEntries({
    "PUT /api/uploads/",
    "POST /api/uploads/bulk",
    "/grants",
    "/subscription",
    "GET /api/subscriptions?limit=",
    "&cursor=",
    "\"ownerId\"",
    "\"userId\"",
    "\"uploadId\""
  })
  void everyRequestIsAcceptedWithValidIdsOrRejectedWithAJsonErrorNamingTheField(byte[] input)
      throws Exception {
    String text = new String(input, StandardCharsets.UTF_8);
    int lineFeed = text.indexOf('\n');
    String requestLine = lineFeed < 0 ? text : text.substring(0, lineFeed);
    String body = lineFeed < 0 ? "" : text.substring(lineFeed + 1);
    int space = requestLine.indexOf(' ');
    String method = space < 0 ? "POST" : requestLine.substring(0, space);
    String target = encodedTarget(space < 0 ? requestLine : requestLine.substring(space + 1));
    if (!METHODS.contains(method)) {
      method = "POST";
    }

    ApiResponse response;
    try (SilentCloseable allowed = allowConnectionsToTheRelay()) {
      response = send(method, target, body);
    } catch (UncheckedIOException e) {
      // Jetty closes the connection after refusing a request line; the client may have sent this
      // request on it already. Once more on a fresh connection, an answer must come.
      try (SilentCloseable allowed = allowConnectionsToTheRelay()) {
        response = send(method, target, body);
      }
    }

    assertThat(ANSWERS).as("status of %s", response).contains(response.status());
    // A path Jetty's URI rules refuse (control characters, for one) never reaches a route; Jetty
    // answers it, in the API's JSON error shape too (JettyErrorAnswers).
    if (response.status() >= 400) {
      assertIsAJsonError(response, body);
    } else {
      assertAcceptedIdsAreValid(method, target, body);
    }
  }

  private static ApiResponse send(String method, String target, String body) {
    return admin.send(
        admin
            .request(target)
            .header("Content-Type", "application/json")
            // The first requests of a fuzzing run load and instrument Jetty and Javalin.
            .timeout(Duration.ofMinutes(1))
            .method(method, BodyPublishers.ofString(body)));
  }

  // While fuzzing, Jazzer reports every connection as server-side request forgery; these are the
  // test's own requests to the relay. (On seed runs its hooks are off, and so is the check.)
  private static SilentCloseable allowConnectionsToTheRelay() {
    if (System.getenv("JAZZER_FUZZ") == null) {
      return () -> {};
    }
    int port = relay.baseUri().getPort();
    return BugDetectors.allowNetworkConnections(
        (host, connectingTo) ->
            (host.equals("localhost") || host.equals("127.0.0.1")) && connectingTo == port);
  }

  private static void assertIsAJsonError(ApiResponse response, String body) {
    JsonNode error = response.json().path("error");
    assertThat(error.path("code").asText()).as("code of %s", response).isNotBlank();
    assertThat(error.path("message").asText()).as("message of %s", response).isNotBlank();
    if (response.status() == 400) {
      assertThat(error.path("code").asText()).isIn("invalid_json", "invalid_value", "bad_request");
      if (error.path("code").asText().equals("invalid_value")) {
        assertThat(error.path("field").asText()).as("field of %s", response).isNotBlank();
      }
    }
    if (response.status() == 413 && !error.path("code").asText().equals("too_many_entries")) {
      assertThat(body.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(MAX_BODY_BYTES);
    }
  }

  // A registration or grant the API accepted carries ids that follow the rule, path and body.
  private static void assertAcceptedIdsAreValid(String method, String target, String body)
      throws Exception {
    String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
    Matcher register = REGISTER.matcher(path);
    Matcher grant = GRANT.matcher(path);
    if (method.equals("PUT") && register.matches()) {
      assertValidId(URLDecoder.decode(register.group(1), StandardCharsets.UTF_8));
      assertValidId(JSON.readTree(body).path("ownerId").textValue());
    } else if (method.equals("POST") && grant.matches()) {
      assertValidId(URLDecoder.decode(grant.group(1), StandardCharsets.UTF_8));
      assertValidId(JSON.readTree(body).path("userId").textValue());
    }
  }

  private static void assertValidId(String id) {
    try {
      Identifiers.requireValid("id", id);
    } catch (InvalidValueException e) {
      throw new AssertionError("accepted an invalid id: " + id, e);
    }
  }

  // Characters a URI may hold as they are; everything else is sent percent-encoded. One leading
  // slash: "//host/..." would name another host (which Jazzer reported as request forgery).
  private static String encodedTarget(String raw) {
    var target = new StringBuilder("/");
    for (byte b : raw.replaceFirst("^/+", "").getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      boolean safe =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "/_.:~?=&-".indexOf(c) >= 0;
      target.append(safe ? String.valueOf(c) : String.format("%%%02X", b & 0xFF));
    }
    return target.toString();
  }
}
