package io.progressrelay.adapter.in.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import io.progressrelay.adapter.in.redis.ProgressMessageParser.EventFields;
import io.progressrelay.fixtures.VuemanticsFixtures;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProgressMessageParserTest {
  private final ProgressMessageParser parser = new ProgressMessageParser(new JsonFactory());

  @Test
  void readsTheActionAndThePayloadsBatchAndUploadIdsOfAFixture() throws Exception {
    var fields = parse(VuemanticsFixtures.read("file_progress.json"));

    assertThat(fields)
        .isEqualTo(
            new EventFields(
                "file_progress",
                "b7a1c3d5-2e4f-4a6b-8c9d-0e1f2a3b4c5d",
                "c2d4e6f8-1a3b-4c5d-9e7f-0a2b4c6d8e0f"));
  }

  @Test
  void leavesIdsAbsentWhenThePayloadLacksThem() throws Exception {
    assertThat(parse(VuemanticsFixtures.read("upload_completed.json")))
        .isEqualTo(new EventFields("upload_completed", null, null));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {"action":"a","payload":{"batch_id":7,"upload_id":true}}        | 7    | true
          {"action":"a","payload":{"batch_id":null,"upload_id":{"x":1}}}  |      |
          {"action":"a","payload":{"batch_id":[1,2],"upload_id":"f"}}     |      | f
          {"payload":{"batch_id":"b","action":"x"},"action":"a"}          | b    |
          {"action":"a","payload":"b"}                                    |      |
          {"action":"a","nested":{"payload":{"batch_id":"no"}}}           |      |
          """)
  void takesScalarIdsAsTextAndIgnoresIdsThatAreNotScalarsOrNotInThePayload(
      String json, String batchId, String fileUploadId) throws Exception {
    assertThat(parse(json)).isEqualTo(new EventFields("a", batchId, fileUploadId));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "not json",
        "\"upload_progress\"",
        "[{\"action\":\"a\"}]",
        "{}",
        "{\"payload\":{\"action\":\"a\"}}",
        "{\"action\":1}",
        "{\"action\":{\"name\":\"a\"}}",
        "{\"action\":null}",
        "{\"action\":\"a\"} trailing",
        "{\"action\":\"a\"}{}",
        "{\"action\":\"a\"}}",
        "{\"action\":\"a\"",
        "{\"action\":\"a\",}",
        "{'action':'a'}",
        "{\"action\":\"a\",\"payload\":{\"batch_id\":\"b\"}"
      })
  void rejectsAnythingButOneJsonObjectWithAStringAction(String json) {
    assertThatThrownBy(() -> parse(json)).isInstanceOf(MalformedMessageException.class);
  }

  @Test
  void rejectsNestingBeyondJacksonsLimitWithoutOverflowingTheStack() {
    String deep = "{\"action\":\"a\",\"x\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";

    assertThatThrownBy(() -> parse(deep)).isInstanceOf(MalformedMessageException.class);
  }

  private EventFields parse(String json) throws MalformedMessageException {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }
}
