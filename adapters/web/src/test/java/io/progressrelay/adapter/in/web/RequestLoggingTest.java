package io.progressrelay.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.progressrelay.adapter.in.web.support.ApiClient;
import io.progressrelay.adapter.in.web.support.TestRelay;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RequestLoggingTest {
  @Test
  void eachRequestIsLoggedOnceWithoutQueryStringOrToken() throws Exception {
    var appender = new ListAppender<ILoggingEvent>();
    appender.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    try (TestRelay relay = TestRelay.start()) {
      String token = relay.token("alice");
      new ApiClient(relay.baseUri(), token).get("/api/subscriptions?limit=5&marker=query-value");
      new ApiClient(relay.baseUri(), token + "x").get("/api/subscriptions");

      List<String> lines = awaitRequestLines(appender, 2);

      assertThat(lines).contains("GET /api/subscriptions 200", "GET /api/subscriptions 401");
      assertThat(appender.list)
          .allSatisfy(
              event ->
                  assertThat(event.getFormattedMessage())
                      .doesNotContain(token, "limit=", "query-value"));
    } finally {
      root.detachAppender(appender);
    }
  }

  @Test
  void eachRequestCarriesItsIdInItsLogLinesAndItsAnswer() throws Exception {
    var appender = new ListAppender<ILoggingEvent>();
    appender.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    try (TestRelay relay = TestRelay.start()) {
      String offered = requestId(relay, "proxy-42.a:b_c");
      String tooLong = requestId(relay, "x".repeat(129));
      String none = requestId(relay, null);

      assertThat(offered).isEqualTo("proxy-42.a:b_c");
      assertThat(List.of(tooLong, none)).allSatisfy(id -> assertThat(id).matches("[0-9a-f]{16}"));
      assertThat(tooLong).isNotEqualTo(none);
      awaitRequestLines(appender, 3);
      assertThat(
              List.copyOf(appender.list).stream()
                  .filter(e -> e.getLoggerName().endsWith(".requests"))
                  .map(e -> e.getMDCPropertyMap().get(LogContext.REQUEST_ID)))
          .containsExactlyInAnyOrder(offered, tooLong, none);
    } finally {
      root.detachAppender(appender);
    }
  }

  private static String requestId(TestRelay relay, String offered) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(relay.baseUri() + "/healthz"));
    if (offered != null) {
      request.header(RequestIds.HEADER, offered);
    }
    HttpResponse<String> answer =
        HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    return answer.headers().firstValue(RequestIds.HEADER).orElseThrow();
  }

  // The request logger runs once the response is on its way, so the line may trail the answer.
  private static List<String> awaitRequestLines(ListAppender<ILoggingEvent> appender, int count) {
    return await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> requestLines(appender), lines -> lines.size() >= count);
  }

  private static List<String> requestLines(ListAppender<ILoggingEvent> appender) {
    return List.copyOf(appender.list).stream()
        .filter(e -> e.getLoggerName().endsWith(".requests"))
        .map(e -> e.getFormattedMessage().replaceAll(" \\d+ms$", ""))
        .toList();
  }
}
