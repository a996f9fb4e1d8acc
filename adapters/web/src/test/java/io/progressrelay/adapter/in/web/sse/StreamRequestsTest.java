package io.progressrelay.adapter.in.web.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamRequestsTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "text/event-stream",
        "TEXT/Event-Stream",
        "text/event-stream; charset=utf-8",
        "application/json, text/event-stream;q=0.5",
        "text/*",
        "*/*",
        "*/*;q=0.1"
      })
  void anAcceptThatCoversEventStreamsIsServed(String accept) {
    assertThat(StreamRequests.acceptsEventStream(List.of(accept))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json",
        "text/html, application/xhtml+xml",
        "text/event-stream;q=0",
        "text/event-stream;q=0.0, application/json",
        "text/event-stream;q=nonsense",
        ""
      })
  void anAcceptThatExcludesEventStreamsIsRefused(String accept) {
    assertThat(StreamRequests.acceptsEventStream(List.of(accept))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "text/event-stream"})
  void anyOfSeveralAcceptHeadersMayCoverEventStreams(String other) {
    assertThat(StreamRequests.acceptsEventStream(List.of(other, "text/event-stream"))).isTrue();
  }

  @Test
  void aRequestWithoutAcceptIsServed() {
    assertThat(StreamRequests.acceptsEventStream(List.of())).isTrue();
  }
}
