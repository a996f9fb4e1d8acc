package io.progressrelay.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.progressrelay.adapter.in.web.support.AsyncApiContract;
import io.progressrelay.adapter.in.web.support.AsyncApiContract.Channel;
import io.progressrelay.adapter.in.web.support.AsyncApiContract.Direction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The frames the browser client's Node tests recorded (one JSON line each: {@code direction},
 * {@code protocol}, {@code text}), checked against the AsyncAPI document's schema for that frame on
 * the socket's channel.
 */
record RecordedFrames(List<Frame> frames) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One frame, as the client sent ({@code CLIENT}) or received ({@code SERVER}) it. */
  record Frame(Direction direction, String protocol, String text) {
    /** The frame's {@code action}, or {@code type} for the auth frame, prefixed by its sender. */
    String kind() {
      try {
        JsonNode frame = JSON.readTree(text);
        String name = frame.path("action").asText(frame.path("type").asText("?"));
        return direction.name().toLowerCase() + ":" + name;
      } catch (IOException e) {
        return direction.name().toLowerCase() + ":(not JSON)";
      }
    }
  }

  RecordedFrames {
    frames = List.copyOf(frames);
  }

  static RecordedFrames read(Path file) {
    try {
      List<Frame> frames = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        JsonNode row = JSON.readTree(line);
        frames.add(
            new Frame(
                Direction.valueOf(row.path("direction").asText().toUpperCase()),
                row.path("protocol").asText(),
                row.path("text").asText()));
      }
      return new RecordedFrames(frames);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the recorded frames in " + file, e);
    }
  }

  /** Why each frame breaks the document, one message per frame that does. */
  List<String> violations() {
    List<String> violations = new ArrayList<>();
    for (Frame frame : frames) {
      Optional<String> violation =
          AsyncApiContract.get()
              .violation(Channel.ofSubprotocol(frame.protocol()), frame.direction(), frame.text());
      violation.ifPresent(violations::add);
    }
    return violations;
  }

  /** The kinds of frames recorded, e.g. {@code client:subscribe_upload}, {@code server:gap}. */
  Set<String> kinds() {
    Set<String> kinds = new TreeSet<>();
    frames.forEach(frame -> kinds.add(frame.kind()));
    return kinds;
  }
}
