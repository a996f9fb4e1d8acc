package io.progressrelay.demo.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * In real headless Chromium, the relay's closes arrive with their code and reason: after an auth
 * error (and {@code wasClean} true), and in the middle of a flood the relay cuts off.
 */
class CloseHandshakeBrowserTest extends RelayInBrowserTest {
  // Opens a socket, sends each message once open, and records what the page sees in window.seen.
  private static final String OPEN_AND_SEND =
      """
      const [url, messages] = arguments;
      window.seen = [];
      const socket = new WebSocket(url);
      socket.onopen = () => messages.forEach((message) => socket.send(message));
      socket.onmessage = (message) => window.seen.push({message: message.data});
      socket.onclose = (close) =>
          window.seen.push({code: close.code, reason: close.reason, wasClean: close.wasClean});
      """;

  @Test
  void aBadTokenArrivesAsAuthErrorThenAClean4003() {
    List<Map<String, Object>> seen = openAndSend(List.of("{\"type\":\"auth\",\"token\":\"bad\"}"));

    assertThat(seen).hasSize(2);
    assertThat((String) seen.get(0).get("message")).startsWith("{\"action\":\"auth_error\"");
    assertThat(seen.get(1))
        .containsEntry("code", 4003L)
        .containsEntry("reason", "invalid token")
        .containsEntry("wasClean", true);
  }

  // Chromium reports wasClean false here whatever the server does: the page still had messages
  // queued (bufferedAmount above 0) that never went out. The code and reason are what the relay
  // controls; before it waited for the client's close frame, Chromium saw 1006 instead.
  @Test
  void aFloodIsCutOffWith1008AndItsReason() {
    String auth = "{\"type\":\"auth\",\"token\":\"" + relay.tokenFor("alice") + "\"}";
    List<String> messages = new ArrayList<>(List.of(auth));
    for (int i = 0; i < 3000; i++) {
      messages.add("{\"action\":\"pong\"}");
    }

    List<Map<String, Object>> seen = openAndSend(messages);

    assertThat(seen.get(seen.size() - 1))
        .containsEntry("code", 1008L)
        .containsEntry("reason", "rate limit");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> openAndSend(List<String> messages) {
    browser.open(relay.url("/healthz"));
    browser.script(OPEN_AND_SEND, relay.webSocketUri().toString(), messages);
    return browser.await(
        "the socket to close",
        driver ->
            (List<Map<String, Object>>)
                browser.script(
                    "return window.seen.some((event) => 'code' in event) ? window.seen : null;"));
  }
}
