package io.progressrelay.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.adapter.in.web.support.ApiClient;
import io.progressrelay.adapter.in.web.support.ApiResponse;
import io.progressrelay.adapter.in.web.support.TestRelay;
import io.progressrelay.domain.Role;
import java.net.http.HttpRequest.BodyPublishers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Request bodies whose bytes Jackson cannot even decode are bad requests, not server errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestBodyEncodingTest {
  private TestRelay relay;
  private ApiClient backend;

  @BeforeAll
  void startRelay() {
    relay = TestRelay.start();
    backend = relay.as("backend", Role.SERVICE);
  }

  @AfterAll
  void stopRelay() {
    relay.close();
  }

  // Found by RestRequestFuzzTest: "{" and three zero bytes make Jackson read UTF-32, and the next
  // four bytes are no UTF-32 character; that used to escape as an IOException and answer 500.
  @Test
  void aBodyJacksonTakesForUtf32WithoutValidCharactersIsRejectedAsInvalidJson() {
    byte[] body = {'{', 0, 0, 0, '"', 'o', 'w', 'n'};

    ApiResponse response =
        backend.send(
            backend
                .request("/api/uploads/enc-1")
                .header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofByteArray(body)));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("invalid_json");
    assertThat(response.errorMessage()).startsWith("the request body is not valid JSON");
  }
}
