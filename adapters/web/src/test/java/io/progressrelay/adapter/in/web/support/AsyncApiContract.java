package io.progressrelay.adapter.in.web.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The relay's AsyncAPI 3.0 document ({@code asyncapi/progress-relay.yaml}) as a checker of the
 * frames tests send and receive: a frame must be one the document lists for its channel (the
 * socket's protocol version, or the event stream) and direction, and must validate against that
 * message's JSON Schema (networknt json-schema-validator, draft 2020-12, formats asserted). The
 * schema is picked by the frame's {@code action} (or {@code type}); a frame whose action no listed
 * schema names is checked against the channel's open schema (the v1 and v2 worker events), if it
 * has one. Thread-safe.
 */
public final class AsyncApiContract {
  /** Where the document is on the classpath (the main resources the relay serves). */
  public static final String RESOURCE = "asyncapi/progress-relay.yaml";

  /** The base of every frame schema's {@code $id}, mapped to the classpath; nothing is fetched. */
  public static final String SCHEMA_BASE = "https://progress-relay.invalid/asyncapi/schemas/";

  private static final String SCHEMAS_RESOURCE = "asyncapi/schemas/";
  private static final String DOCUMENT_SCHEMA_PREFIX = "./schemas/";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final AsyncApiContract INSTANCE = load();

  /** Who sends a frame, as the document's operations say it from the relay's side. */
  public enum Direction {
    /** A frame the client sends (the relay's {@code receive} operations). */
    CLIENT("receive"),
    /** A frame the relay sends (its {@code send} operations). */
    SERVER("send");

    private final String operationAction;

    Direction(String operationAction) {
      this.operationAction = operationAction;
    }
  }

  /** The document's channels: one per WebSocket protocol version, and the event stream. */
  public enum Channel {
    SOCKET_V1("socketV1"),
    SOCKET_V2("socketV2"),
    SOCKET_V3("socketV3"),
    EVENT_STREAM("eventStream");

    private final String key;

    Channel(String key) {
      this.key = key;
    }

    /** The channel's key in the document. */
    public String key() {
      return key;
    }

    /** The socket channel of the subprotocol the relay selected (null or empty: v1). */
    public static Channel ofSubprotocol(String selected) {
      if (selected == null || selected.isEmpty()) {
        return SOCKET_V1;
      }
      return switch (selected) {
        case "progress-relay.v2" -> SOCKET_V2;
        case "progress-relay.v3" -> SOCKET_V3;
        default ->
            throw new AssertionError("the relay selected an unknown subprotocol " + selected);
      };
    }
  }

  /** A message the document lists: its component name and its payload schema's path. */
  public record Message(String name, String schemaPath) {}

  private final JsonNode document;
  private final SchemaRegistry registry;
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
  private final Map<String, JsonNode> schemaNodes = new ConcurrentHashMap<>();

  private AsyncApiContract(JsonNode document) {
    this.document = document;
    var config = SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
    this.registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder ->
                builder
                    .schemaRegistryConfig(config)
                    .schemaIdResolvers(
                        ids -> ids.mapPrefix(SCHEMA_BASE, "classpath:" + SCHEMAS_RESOURCE)));
  }

  /** The document on the classpath, loaded once. */
  public static AsyncApiContract get() {
    return INSTANCE;
  }

  /** The document as a tree. */
  public JsonNode document() {
    return document;
  }

  /**
   * The frame schema at {@code path} under {@code schemas/} (e.g. {@code server/event.json}), as
   * the validator loaded it.
   */
  public Schema schema(String path) {
    return schemas.computeIfAbsent(
        path, key -> registry.getSchema(SchemaLocation.of(SCHEMA_BASE + key)));
  }

  /** The frame schema at {@code path} under {@code schemas/} as a tree. */
  public JsonNode schemaNode(String path) {
    return schemaNodes.computeIfAbsent(path, AsyncApiContract::readSchema);
  }

  /** The messages the document lists for {@code direction} on {@code channel}. */
  public List<Message> messages(Channel channel, Direction direction) {
    List<Message> messages = new ArrayList<>();
    String channelRef = "#/channels/" + channel.key();
    for (JsonNode operation : document.path("operations")) {
      if (!operation.path("action").asText().equals(direction.operationAction)
          || !operation.path("channel").path("$ref").asText().equals(channelRef)) {
        continue;
      }
      for (JsonNode reference : operation.path("messages")) {
        JsonNode inChannel = pointer(reference.path("$ref").asText());
        String component = inChannel.path("$ref").asText();
        JsonNode message = pointer(component);
        String schemaRef = message.path("payload").path("schema").path("$ref").asText();
        if (!schemaRef.startsWith(DOCUMENT_SCHEMA_PREFIX)) {
          throw new IllegalStateException(component + " has no payload schema under ./schemas/");
        }
        messages.add(
            new Message(
                component.substring(component.lastIndexOf('/') + 1),
                schemaRef.substring(DOCUMENT_SCHEMA_PREFIX.length())));
      }
    }
    if (messages.isEmpty()) {
      throw new IllegalStateException(
          "the document lists no " + direction + " frames on " + channel);
    }
    return messages;
  }

  /** Fails with a clear message when {@code text} is not a client frame of {@code channel}. */
  public void checkClientFrame(Channel channel, String text) {
    violation(channel, Direction.CLIENT, text)
        .ifPresent(
            message -> {
              throw new AssertionError(message);
            });
  }

  /**
   * Why {@code text} is not a frame the document lists for {@code direction} on {@code channel}, or
   * empty when it is one.
   */
  public Optional<String> violation(Channel channel, Direction direction, String text) {
    String where = direction.name().toLowerCase(Locale.ROOT) + " frame on " + channel.key();
    JsonNode frame;
    try {
      frame = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return Optional.of("AsyncAPI contract: a " + where + " is not JSON: " + shown(text));
    }
    if (frame == null || !frame.isObject()) {
      return Optional.of("AsyncAPI contract: a " + where + " is not a JSON object: " + shown(text));
    }
    Optional<Message> message = messageFor(channel, direction, frame);
    if (message.isEmpty()) {
      return Optional.of(
          "AsyncAPI contract: the document lists no "
              + where
              + " with action "
              + discriminator(frame).orElse("(none)")
              + ": "
              + shown(text));
    }
    List<Error> errors = schema(message.get().schemaPath()).validate(frame);
    if (errors.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "AsyncAPI contract: a "
            + where
            + " breaks "
            + message.get().name()
            + " (schemas/"
            + message.get().schemaPath()
            + "): "
            + errors.stream().map(Error::toString).collect(Collectors.joining("; "))
            + "\n  frame: "
            + shown(text));
  }

  // The listed message whose schema names the frame's action (or type); else the channel's open
  // schema, the one without such a name (worker events).
  private Optional<Message> messageFor(Channel channel, Direction direction, JsonNode frame) {
    Optional<String> name = discriminator(frame);
    Message open = null;
    for (Message message : messages(channel, direction)) {
      Optional<String> named = constOf(schemaNode(message.schemaPath()));
      if (named.isEmpty()) {
        open = message;
      } else if (named.equals(name)) {
        return Optional.of(message);
      }
    }
    return Optional.ofNullable(open);
  }

  /** The {@code action} (or, for the auth frame, {@code type}) a schema fixes, if any. */
  public static Optional<String> constOf(JsonNode schema) {
    JsonNode properties = schema.path("properties");
    for (String field : List.of("action", "type")) {
      JsonNode value = properties.path(field).path("const");
      if (value.isTextual()) {
        return Optional.of(field + "=" + value.asText());
      }
    }
    return Optional.empty();
  }

  private static Optional<String> discriminator(JsonNode frame) {
    if (frame.path("action").isTextual()) {
      return Optional.of("action=" + frame.path("action").asText());
    }
    if (frame.path("type").isTextual()) {
      return Optional.of("type=" + frame.path("type").asText());
    }
    return Optional.empty();
  }

  // A frame as a failure shows it: padded test frames run to kilobytes.
  private static String shown(String text) {
    return text.length() <= 300
        ? text
        : text.substring(0, 300) + "... (" + text.length() + " chars)";
  }

  private JsonNode pointer(String reference) {
    if (!reference.startsWith("#/")) {
      throw new IllegalStateException("not a local reference: " + reference);
    }
    JsonNode node = document.at(reference.substring(1));
    if (node.isMissingNode()) {
      throw new IllegalStateException("the reference " + reference + " resolves to nothing");
    }
    return node;
  }

  private static JsonNode readSchema(String path) {
    try (InputStream in =
        AsyncApiContract.class.getClassLoader().getResourceAsStream(SCHEMAS_RESOURCE + path)) {
      if (in == null) {
        throw new IllegalStateException("the classpath has no " + SCHEMAS_RESOURCE + path);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static AsyncApiContract load() {
    try (InputStream in = AsyncApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the classpath has no " + RESOURCE);
      }
      return new AsyncApiContract(new YAMLMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
