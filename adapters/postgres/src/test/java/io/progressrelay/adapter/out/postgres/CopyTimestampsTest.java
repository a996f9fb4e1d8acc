package io.progressrelay.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CopyTimestampsTest {

  @Test
  void writesEveryInstantSoThatItParsesBackExactly() {
    var timestamps = new CopyTimestamps();
    for (String value :
        new String[] {
          "2026-11-27T10:16:47.123456789Z",
          "2026-11-27T10:16:47.123456Z",
          "2026-11-27T10:16:47.000000001Z",
          "2026-11-27T10:17:00Z",
          "2026-11-27T10:17:00.5Z",
          "1969-12-31T23:59:59.999999999Z",
          "2026-11-27T10:16:47.9Z"
        }) {
      Instant instant = Instant.parse(value);
      String text = timestamps.append(new StringBuilder(), instant).toString();
      assertThat(text).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z");
      assertThat(Instant.parse(text)).isEqualTo(instant);
    }
  }
}
