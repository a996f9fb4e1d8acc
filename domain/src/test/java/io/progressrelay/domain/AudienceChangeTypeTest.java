package io.progressrelay.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.domain.AudienceChange.Type;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AudienceChangeTypeTest {
  @Test
  void unsubscribingRevokingAndDeletingRemoveAccessSubscribingAndRegisteringDoNot() {
    assertThat(Arrays.stream(Type.values()).filter(Type::removesAccess))
        .containsExactlyInAnyOrder(Type.UNSUBSCRIBED, Type.ACCESS_REVOKED, Type.UPLOAD_DELETED);
  }
}
