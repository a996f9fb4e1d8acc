package io.progressrelay.adapter.in.web.socket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientFrameTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"action\":\"ping\"}",
        "  {\"action\":\"ping\"}\n",
        "{\"action\":\"ping\",\"extra\":[1,{\"a\":null}]}"
      })
  void oneJsonObjectIsAFrame(String text) {
    assertThat(ClientFrame.parse(text))
        .hasValueSatisfying(frame -> assertThat(frame.action()).hasValue("ping"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"action\":\"ping\"} x",
        "{\"action\":\"ping\"}{\"action\":\"ping\"}",
        "{\"action\":\"ping\"} {}",
        "{\"action\":\"ping\"}}",
        "{\"action\":\"ping\"} 1",
        "[{\"action\":\"ping\"}]",
        "\"ping\"",
        "",
        "{\"action\":"
      })
  void anythingButExactlyOneJsonObjectIsNoFrame(String text) {
    assertThat(ClientFrame.parse(text)).isEmpty();
  }
}
