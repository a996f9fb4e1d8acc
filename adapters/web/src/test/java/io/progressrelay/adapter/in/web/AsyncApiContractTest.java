package io.progressrelay.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.progressrelay.adapter.in.web.support.ApiResponse;
import io.progressrelay.adapter.in.web.support.AsyncApiContract;
import io.progressrelay.adapter.in.web.support.AsyncApiContract.Channel;
import io.progressrelay.adapter.in.web.support.AsyncApiContract.Direction;
import io.progressrelay.adapter.in.web.support.TestRelay;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The AsyncAPI document and its frame schemas: served by the relay, a valid AsyncAPI 3.0 document
 * whose every reference resolves, one titled schema per frame, each example valid, and a checker
 * that rejects a frame that breaks them (the one every test client applies).
 */
class AsyncApiContractTest {
  private static final String ASYNCAPI_30_SCHEMA = "asyncapi/asyncapi-3.0.0-without-id.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AsyncApiContract CONTRACT = AsyncApiContract.get();

  @Test
  void theDocumentAndItsSchemasAreServedWithoutATokenAndMayBeCached() throws IOException {
    try (TestRelay relay = TestRelay.start()) {
      ApiResponse document = relay.anonymous().get(AsyncApiRoutes.PATH);
      ApiResponse event = relay.anonymous().get("/api/schemas/server/event.json");
      ApiResponse union = relay.anonymous().get("/api/schemas/server-frame.json");
      ApiResponse missing = relay.anonymous().get("/api/schemas/server/no_such_frame.json");
      ApiResponse outside = relay.anonymous().get("/api/schemas/secret/auth.json");

      assertThat(document.status()).isEqualTo(200);
      assertThat(document.header("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/yaml"));
      assertThat(document.body()).isEqualTo(resource(AsyncApiRoutes.RESOURCE));
      assertThat(event.status()).isEqualTo(200);
      assertThat(event.body()).isEqualTo(resource("asyncapi/schemas/server/event.json"));
      assertThat(union.body()).isEqualTo(resource("asyncapi/schemas/server-frame.json"));
      assertThat(missing.status()).isEqualTo(404);
      assertThat(outside.status()).isEqualTo(404);
      String etag = document.header("ETag").orElseThrow();
      ApiResponse again =
          relay
              .anonymous()
              .send(relay.anonymous().request(AsyncApiRoutes.PATH).header("If-None-Match", etag));
      assertThat(again.status()).isEqualTo(304);
    }
  }

  @Test
  void everySchemaTheServedDocumentReferencesIsServedWhereItsReferenceResolves() {
    try (TestRelay relay = TestRelay.start()) {
      URI document = relay.baseUri().resolve(AsyncApiRoutes.PATH);
      Deque<URI> pending = new ArrayDeque<>();
      Set<URI> fetched = new HashSet<>();
      collectUris(CONTRACT.document(), document, pending);
      while (!pending.isEmpty()) {
        URI schema = pending.pop();
        if (!fetched.add(schema)) {
          continue;
        }
        ApiResponse answer = relay.anonymous().get(schema.getRawPath());
        assertThat(answer.status()).as(schema.toString()).isEqualTo(200);
        try {
          collectUris(JSON.readTree(answer.body()), schema, pending);
        } catch (IOException e) {
          throw new AssertionError(schema + " is not JSON", e);
        }
      }

      assertThat(fetched).as("schemas fetched from the relay").hasSizeGreaterThan(20);
    }
  }

  // The URI, resolved against base, of every file "$ref" under node (fragments dropped).
  private static void collectUris(JsonNode node, URI base, Deque<URI> pending) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null && ref.isTextual() && !ref.asText().startsWith("#")) {
        String file = ref.asText().split("#", 2)[0];
        pending.push(base.resolve(file));
      }
      node.fields().forEachRemaining(field -> collectUris(field.getValue(), base, pending));
    } else if (node.isArray()) {
      node.forEach(item -> collectUris(item, base, pending));
    }
  }

  @Test
  void theDocumentIsValidAsyncApi30() throws IOException {
    // The AsyncAPI Initiative's JSON Schema of 3.0.0 documents (Apache-2.0), kept as a test
    // resource so that the build fetches nothing; its source is in the README beside it.
    Schema asyncApi;
    try (InputStream in =
        AsyncApiContractTest.class.getClassLoader().getResourceAsStream(ASYNCAPI_30_SCHEMA)) {
      asyncApi = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
    }

    List<Error> errors = asyncApi.validate(CONTRACT.document());

    assertThat(errors).isEmpty();
  }

  @Test
  void theOfficialSchemaRejectsABrokenDocument() throws IOException {
    Schema asyncApi;
    try (InputStream in =
        AsyncApiContractTest.class.getClassLoader().getResourceAsStream(ASYNCAPI_30_SCHEMA)) {
      asyncApi = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
    }
    var broken = CONTRACT.document().deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode)
            broken.path("operations").path("v3ServerFrames"))
        .put("action", "publish");

    assertThat(asyncApi.validate(broken)).isNotEmpty();
  }

  @Test
  void everyReferenceResolves() {
    List<String> unresolved = new ArrayList<>();
    Deque<String> files = new ArrayDeque<>();
    Set<String> seen = new HashSet<>();
    collectReferences(CONTRACT.document(), "", CONTRACT.document(), unresolved, files);
    while (!files.isEmpty()) {
      String file = files.pop();
      if (seen.add(file)) {
        JsonNode schema = CONTRACT.schemaNode(file);
        collectReferences(schema, directoryOf(file), schema, unresolved, files);
      }
    }

    assertThat(unresolved).isEmpty();
    assertThat(seen).as("schema files reached from the document").hasSizeGreaterThan(20);
  }

  @Test
  void everyFrameSchemaHasATitleAnIdAndValidExamples() {
    var titles = new TreeSet<String>();
    for (String path : frameSchemaPaths()) {
      JsonNode schema = CONTRACT.schemaNode(path);
      String title = schema.path("title").asText();

      assertThat(title).as(path).matches("[A-Z][A-Za-z0-9]+");
      assertThat(titles.add(title)).as("title " + title + " is unique").isTrue();
      assertThat(schema.path("$id").asText()).isEqualTo(AsyncApiContract.SCHEMA_BASE + path);
      assertThat(schema.path("$schema").asText())
          .isEqualTo("https://json-schema.org/draft/2020-12/schema");
      for (JsonNode example : schema.path("examples")) {
        assertThat(CONTRACT.schema(path).validate(example)).as(path + " " + example).isEmpty();
      }
    }
  }

  @Test
  void eachMessageIsNamedAfterItsSchemaAndTheUnionsListEveryFrame() {
    var clientFrames = new TreeSet<String>();
    var serverFrames = new TreeSet<String>();
    for (Channel channel : Channel.values()) {
      for (Direction direction : Direction.values()) {
        if (channel == Channel.EVENT_STREAM && direction == Direction.CLIENT) {
          continue; // a stream only receives
        }
        for (AsyncApiContract.Message message : CONTRACT.messages(channel, direction)) {
          assertThat(CONTRACT.schemaNode(message.schemaPath()).path("title").asText())
              .isEqualTo(message.name());
          assertThat(message.schemaPath())
              .startsWith(direction == Direction.CLIENT ? "client/" : "server/");
          (direction == Direction.CLIENT ? clientFrames : serverFrames).add(message.schemaPath());
        }
      }
    }

    assertThat(unionMembers("client-frame.json")).isEqualTo(clientFrames);
    assertThat(unionMembers("server-frame.json")).isEqualTo(serverFrames);
  }

  @Test
  void aFrameThatBreaksItsSchemaIsCaughtWithTheReason() {
    String withoutReason = "{\"action\":\"gap\",\"channel\":\"upload:u-1\"}";
    String unknownReason = "{\"action\":\"gap\",\"channel\":\"upload:u-1\",\"reason\":\"oops\"}";
    String extraField =
        "{\"action\":\"caught_up\",\"cursor\":\"k3x9q2ab:7\",\"position\":\"k3x9q2ab:7\"}";
    String envelopeOnV1 =
        "{\"action\":\"event\",\"channel\":\"upload:u-1\",\"data\":{\"action\":\"x\"}}";
    String valid =
        "{\"action\":\"event\",\"channel\":\"upload:u-1\",\"position\":\"k3x9q2ab:7\","
            + "\"latest\":true,\"data\":{\"action\":\"upload_progress\",\"payload\":{}}}";

    assertThat(CONTRACT.violation(Channel.SOCKET_V3, Direction.SERVER, withoutReason))
        .hasValueSatisfying(
            why -> assertThat(why).contains("GapFrame", "schemas/server/gap.json", "reason"));
    assertThat(CONTRACT.violation(Channel.SOCKET_V3, Direction.SERVER, unknownReason))
        .hasValueSatisfying(why -> assertThat(why).contains("GapFrame", "/reason"));
    assertThat(CONTRACT.violation(Channel.EVENT_STREAM, Direction.SERVER, extraField))
        .hasValueSatisfying(why -> assertThat(why).contains("CaughtUpFrame", "position"));
    assertThat(CONTRACT.violation(Channel.SOCKET_V1, Direction.SERVER, envelopeOnV1))
        .hasValueSatisfying(why -> assertThat(why).contains("WorkerEventFrame"));
    assertThat(CONTRACT.violation(Channel.SOCKET_V2, Direction.SERVER, "{\"action\":\"gap\"}"))
        .as("v2 has no gap frames")
        .isPresent();
    assertThat(CONTRACT.violation(Channel.SOCKET_V3, Direction.SERVER, valid)).isEmpty();
    assertThat(CONTRACT.violation(Channel.SOCKET_V1, Direction.CLIENT, "{\"type\":\"auth\"}"))
        .hasValueSatisfying(why -> assertThat(why).contains("AuthFrame", "token"));
  }

  private static List<String> frameSchemaPaths() {
    List<String> paths = new ArrayList<>();
    paths.addAll(unionMembers("client-frame.json"));
    paths.addAll(unionMembers("server-frame.json"));
    paths.add("client-frame.json");
    paths.add("server-frame.json");
    for (String common : List.of("position", "upload_id", "user_id", "channel", "event_payload")) {
      paths.add("common/" + common + ".json");
    }
    return paths;
  }

  private static TreeSet<String> unionMembers(String union) {
    var members = new TreeSet<String>();
    for (JsonNode member : CONTRACT.schemaNode(union).path("oneOf")) {
      members.add(member.path("$ref").asText());
    }
    return members;
  }

  // Every "$ref" under node: local ones must point at something in root; file ones must name a
  // schema on the classpath (queued in files, relative to schemas/) whose fragment resolves.
  private static void collectReferences(
      JsonNode node,
      String directory,
      JsonNode root,
      List<String> unresolved,
      Deque<String> files) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null && ref.isTextual()) {
        resolve(ref.asText(), directory, root, unresolved, files);
      }
      node.fields()
          .forEachRemaining(
              field -> collectReferences(field.getValue(), directory, root, unresolved, files));
    } else if (node.isArray()) {
      node.forEach(item -> collectReferences(item, directory, root, unresolved, files));
    }
  }

  private static void resolve(
      String ref, String directory, JsonNode root, List<String> unresolved, Deque<String> files) {
    int hash = ref.indexOf('#');
    String file = hash < 0 ? ref : ref.substring(0, hash);
    String fragment = hash < 0 ? "" : ref.substring(hash + 1);
    JsonNode target = root;
    if (!file.isEmpty()) {
      String path;
      try {
        // The document's references are relative to it (./schemas/...), a schema's to its file.
        String base = directory == null ? "" : directory;
        path = new URI("x:/" + base).resolve(file).getPath().substring(1);
      } catch (URISyntaxException e) {
        unresolved.add(ref + " (not a URI reference)");
        return;
      }
      if (root == CONTRACT.document()) {
        if (!path.startsWith("schemas/")) {
          unresolved.add(ref + " (outside schemas/)");
          return;
        }
        path = path.substring("schemas/".length());
      }
      if (AsyncApiContractTest.class.getClassLoader().getResource("asyncapi/schemas/" + path)
          == null) {
        unresolved.add(ref + " (no file asyncapi/schemas/" + path + ")");
        return;
      }
      files.push(path);
      target = CONTRACT.schemaNode(path);
    }
    if (!fragment.isEmpty() && target.at(fragment).isMissingNode()) {
      unresolved.add(ref + " (no " + fragment + ")");
    }
  }

  private static String directoryOf(String file) {
    int slash = file.lastIndexOf('/');
    return slash < 0 ? "" : file.substring(0, slash + 1);
  }

  private static String resource(String path) throws IOException {
    try (InputStream in = AsyncApiContractTest.class.getClassLoader().getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
