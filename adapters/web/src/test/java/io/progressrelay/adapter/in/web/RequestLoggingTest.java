package io.progressrelay.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.progressrelay.adapter.in.web.support.ApiClient;
import io.progressrelay.adapter.in.web.support.TestRelay;
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
