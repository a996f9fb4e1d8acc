package io.progressrelay.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"a", "6f1c2a9e-3b7d-4c55-9a0e-2f8d1b7c4e11", "user:42", "A_b.c-d", "Zz09"})
  void acceptsIdsOfTheAllowedCharacters(String id) {
    assertThat(new UploadId(id).value()).isEqualTo(id);
    assertThat(new UserId(id).value()).isEqualTo(id);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "has space",
        "slash/",
        "ümlaut",
        "semi;colon",
        "quote\"",
        "at@",
        "br[",
        "tick`",
        "brace{"
      })
  void rejectsAnythingElseNamingTheField(String id) {
    assertThatThrownBy(() -> UploadId.parse("upload_id", id))
        .isInstanceOfSatisfying(
            InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("upload_id"))
        .hasMessage("'upload_id' must be 1..128 chars of [A-Za-z0-9_.:-]");
    assertThatThrownBy(() -> new UserId(id)).hasMessageStartingWith("'userId' must be");
  }

  @ParameterizedTest
  @ValueSource(ints = {128, 129})
  void allowsAtMost128Characters(int length) {
    String id = "x".repeat(length);
    if (length <= Identifiers.MAX_LENGTH) {
      assertThat(new UploadId(id).value()).hasSize(length);
    } else {
      assertThatThrownBy(() -> new UploadId(id)).isInstanceOf(InvalidValueException.class);
    }
  }
}
