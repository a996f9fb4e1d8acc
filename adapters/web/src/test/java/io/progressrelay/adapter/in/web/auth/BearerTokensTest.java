package io.progressrelay.adapter.in.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BearerTokensTest {
  @Test
  void theTokenFollowsTheBearerSchemeInAnyCase() {
    assertThat(BearerTokens.fromAuthorizationHeader("Bearer abc.def")).hasValue("abc.def");
    assertThat(BearerTokens.fromAuthorizationHeader("bearer abc.def")).hasValue("abc.def");
  }

  @Test
  void otherSchemesAndEmptyValuesCarryNoToken() {
    assertThat(BearerTokens.fromAuthorizationHeader(null)).isEmpty();
    assertThat(BearerTokens.fromAuthorizationHeader("Basic YTpi")).isEmpty();
    assertThat(BearerTokens.fromAuthorizationHeader("Bearer ")).isEmpty();
    assertThat(BearerTokens.fromAuthorizationHeader("Bearer    ")).isEmpty();
  }
}
