package io.progressrelay.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.adapter.in.web.support.ApiClient;
import io.progressrelay.adapter.in.web.support.ApiResponse;
import io.progressrelay.adapter.in.web.support.TestRelay;
import io.progressrelay.domain.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrantEndpointsTest {
  private TestRelay relay;
  private ApiClient backend;
  private ApiClient alice;
  private ApiClient bob;

  @BeforeAll
  void startRelay() {
    relay = TestRelay.start();
    backend = relay.as("backend", Role.SERVICE);
    alice = relay.as("alice");
    bob = relay.as("bob");
  }

  @AfterAll
  void stopRelay() {
    relay.close();
  }

  @Test
  void theOwnerGrantsAccessOnceAndGetsTheSameGrantAgain() {
    backend.put("/api/uploads/g-1", "{\"ownerId\":\"alice\"}");

    ApiResponse first = alice.post("/api/uploads/g-1/grants", "{\"userId\":\"bob\"}");
    ApiResponse again = alice.post("/api/uploads/g-1/grants", "{\"userId\":\"bob\"}");

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.json().path("userId").asText()).isEqualTo("bob");
    assertThat(first.json().path("grantedBy").asText()).isEqualTo("alice");
    assertThat(first.json().path("grantedAt").asText()).isEqualTo("2030-01-01T12:00:00Z");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
  }

  @Test
  void aGranteeMayFollowButNotManageTheUpload() {
    backend.put("/api/uploads/g-2", "{\"ownerId\":\"alice\"}");
    alice.post("/api/uploads/g-2/grants", "{\"userId\":\"bob\"}");

    assertThat(bob.get("/api/uploads/g-2").status()).isEqualTo(200);
    assertThat(bob.post("/api/uploads/g-2/subscription").status()).isEqualTo(201);
    ApiResponse managing = bob.post("/api/uploads/g-2/grants", "{\"userId\":\"carol\"}");
    assertThat(managing.status()).isEqualTo(403);
    assertThat(managing.errorCode()).isEqualTo("forbidden");
  }

  @Test
  void theOwnerListsGrantsOldestFirst() {
    backend.put("/api/uploads/g-3", "{\"ownerId\":\"alice\"}");
    alice.post("/api/uploads/g-3/grants", "{\"userId\":\"bob\"}");
    alice.post("/api/uploads/g-3/grants", "{\"userId\":\"carol\"}");

    ApiResponse response = alice.get("/api/uploads/g-3/grants");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().path("grants")).hasSize(2);
    assertThat(response.json().path("grants").get(0).path("userId").asText()).isEqualTo("bob");
    assertThat(response.json().path("grants").get(1).path("userId").asText()).isEqualTo("carol");
  }

  @Test
  void revokingIsIdempotentAndEndsTheGranteesAccess() {
    backend.put("/api/uploads/g-4", "{\"ownerId\":\"alice\"}");
    alice.post("/api/uploads/g-4/grants", "{\"userId\":\"bob\"}");

    assertThat(alice.delete("/api/uploads/g-4/grants/bob").status()).isEqualTo(204);
    assertThat(alice.delete("/api/uploads/g-4/grants/bob").status()).isEqualTo(204);
    assertThat(bob.get("/api/uploads/g-4").status()).isEqualTo(404);
  }

  @Test
  void aGrantNamingAnInvalidUserIsRejectedNamingTheField() {
    backend.put("/api/uploads/g-5", "{\"ownerId\":\"alice\"}");

    ApiResponse inBody = alice.post("/api/uploads/g-5/grants", "{\"userId\":\"b o b\"}");
    ApiResponse inPath = alice.delete("/api/uploads/g-5/grants/b%20o%20b");

    assertThat(inBody.status()).isEqualTo(400);
    assertThat(inBody.errorField()).isEqualTo("userId");
    assertThat(inPath.status()).isEqualTo(400);
    assertThat(inPath.errorField()).isEqualTo("userId");
  }

  @Test
  void aStrangerCannotSeeTheGrants() {
    backend.put("/api/uploads/g-6", "{\"ownerId\":\"alice\"}");

    assertThat(bob.get("/api/uploads/g-6/grants").status()).isEqualTo(404);
  }
}
