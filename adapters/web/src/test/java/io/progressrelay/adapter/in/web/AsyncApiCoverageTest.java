package io.progressrelay.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.progressrelay.adapter.in.web.socket.CloseCodes;
import io.progressrelay.adapter.in.web.socket.WebSocketSettings;
import io.progressrelay.adapter.in.web.support.AsyncApiContract;
import io.progressrelay.application.service.fanout.ContinuitySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the code can say is what the AsyncAPI document describes, read from the code itself so
 * neither can change without the other: the {@code action} of every frame the relay writes (its
 * encoders' JSON literals in this module and in the fan-out engine), every error code, every gap
 * reason and every close code; and every setting the document names is one the relay reads, with
 * the documented default where the code keeps it.
 */
class AsyncApiCoverageTest {
  // Where the relay's own frames are written: this module and the fan-out engine's encoders.
  private static final List<Path> SOURCES =
      List.of(Path.of("src/main/java"), Path.of("../../application/services/src/main/java"));
  // {\"action\":\"gap\" ... as a Java string literal spells it.
  private static final Pattern JSON_ACTION =
      Pattern.compile(Pattern.quote("\\\"action\\\":\\\"") + "([a-z_]+)");
  // ServerFrames.action("auth_success")
  private static final Pattern BUILT_ACTION = Pattern.compile("\\baction\\(\"([a-z_]+)\"\\)");
  // ServerFrames.error("not_found", ...)
  private static final Pattern ERROR_CODE =
      Pattern.compile("ServerFrames\\.error\\(\\s*\"([a-z_]+)\"");
  // Sent by Jetty itself, not by a constant of CloseCodes: invalid UTF-8 in a text message.
  private static final Set<Integer> JETTY_CLOSE_CODES = Set.of(1007);

  private final AsyncApiContract contract = AsyncApiContract.get();

  @Test
  void everyFrameActionTheRelayWritesIsAServerFrameOfTheDocument() {
    TreeSet<String> written = matches(JSON_ACTION);
    written.addAll(matches(BUILT_ACTION));

    assertThat(written)
        .as("the scan finds the encoders")
        .contains("auth_success", "error", "event", "caught_up", "gap", "ping", "pong");
    assertThat(documentedServerActions()).isEqualTo(written);
  }

  @Test
  void everyErrorCodeTheRelayWritesIsDocumented() {
    TreeSet<String> written = matches(ERROR_CODE);

    assertThat(written).as("the scan finds the error frames").contains("invalid_json");
    assertThat(enumOf("server/error.json", "code")).isEqualTo(written);
  }

  @Test
  void everyGapReasonIsDocumented() throws ReflectiveOperationException {
    Class<?> gap = Class.forName("io.progressrelay.application.service.fanout.ChannelHistory$Gap");
    Method reason = gap.getDeclaredMethod("reason");
    reason.setAccessible(true);
    var reasons = new TreeSet<String>();
    for (Object constant : gap.getEnumConstants()) {
      reasons.add((String) reason.invoke(constant));
    }

    assertThat(enumOf("server/gap.json", "reason")).isEqualTo(reasons);
  }

  @Test
  void everyCloseCodeIsDocumented() throws IllegalAccessException {
    var codes = new TreeSet<Integer>();
    for (Field field : CloseCodes.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
        codes.add(field.getInt(null));
      }
    }
    codes.addAll(JETTY_CLOSE_CODES);
    var documented = new TreeSet<Integer>();
    contract
        .document()
        .path("x-close-codes")
        .forEach(code -> documented.add(code.path("code").asInt()));

    assertThat(codes).as("the constants").contains(4001, 4008);
    assertThat(documented).isEqualTo(codes);
  }

  @Test
  void everyDocumentedSettingIsOneTheRelayReadsWithTheDocumentedDefault() throws IOException {
    String config = sourcesOf(Path.of("../../bootstrap/src/main/java"));
    var defaults = new java.util.TreeMap<String, String>();
    for (JsonNode limit : contract.document().path("x-limits")) {
      String setting = limit.path("setting").asText();
      if (setting.startsWith("RELAY_")) {
        assertThat(config).as(setting + " is read by the relay").contains("\"" + setting + "\"");
      }
      defaults.put(setting, limit.path("default").asText());
    }
    WebSocketSettings socket = WebSocketSettings.defaults();
    ContinuitySettings continuity = ContinuitySettings.DEFAULT;

    assertThat(defaults)
        .containsEntry("RELAY_WS_AUTH_TIMEOUT", seconds(socket.authTimeout()))
        .containsEntry("RELAY_WS_PING_INTERVAL", seconds(socket.pingInterval()))
        .containsEntry("RELAY_WS_IDLE_TIMEOUT", seconds(socket.idleTimeout()))
        .containsEntry("RELAY_WS_MAX_FRAME_BYTES", String.valueOf(socket.maxTextFrameBytes()))
        .containsEntry("RELAY_WS_FRAMES_PER_SECOND", String.valueOf(socket.framesPerSecond()))
        .containsEntry("RELAY_WS_FRAME_BURST", String.valueOf(socket.frameBurst()))
        .containsEntry("closeGrace (fixed)", seconds(socket.closeGrace()))
        .containsEntry("RELAY_RESUME_WINDOW_EVENTS", String.valueOf(continuity.historySize()))
        .containsEntry("RELAY_RESUME_WINDOW_AGE", continuity.historyAge().toMinutes() + "m")
        .containsEntry("RELAY_RESUME_WINDOW_MIB", String.valueOf(continuity.historyBytes() >> 20))
        .containsEntry("RELAY_USER_LATEST_STATES", String.valueOf(continuity.userLatestStates()));
  }

  private static String seconds(java.time.Duration duration) {
    return duration.toSeconds() + "s";
  }

  private static String sourcesOf(Path root) throws IOException {
    var text = new StringBuilder();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
        text.append(Files.readString(file));
      }
    }
    return text.toString();
  }

  // The relay's own server frames: each server schema's action, the open worker event aside.
  private TreeSet<String> documentedServerActions() {
    var actions = new TreeSet<String>();
    for (JsonNode member : contract.schemaNode("server-frame.json").path("oneOf")) {
      AsyncApiContract.constOf(contract.schemaNode(member.path("$ref").asText()))
          .ifPresent(named -> actions.add(named.substring("action=".length())));
    }
    return actions;
  }

  private TreeSet<String> enumOf(String schema, String property) {
    var values = new TreeSet<String>();
    contract
        .schemaNode(schema)
        .path("properties")
        .path(property)
        .path("enum")
        .forEach(value -> values.add(value.asText()));
    return values;
  }

  private static TreeSet<String> matches(Pattern pattern) {
    var found = new TreeSet<String>();
    for (Path root : SOURCES) {
      assertThat(root).as("the module's sources, from its directory").isDirectory();
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
          Matcher matcher = pattern.matcher(Files.readString(file));
          while (matcher.find()) {
            found.add(matcher.group(1));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return found;
  }
}
