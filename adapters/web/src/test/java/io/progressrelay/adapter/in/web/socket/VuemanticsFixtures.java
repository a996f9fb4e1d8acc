package io.progressrelay.adapter.in.web.socket;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Python relay's sample frames, read from {@code ../shared/fixtures/vuemantics}. */
public final class VuemanticsFixtures {
  /** The files holding events the upload workers publish, one document each. */
  public static final List<String> EVENT_FILES =
      List.of(
          "upload_progress.json",
          "upload_completed.json",
          "upload_failed.json",
          "batch_progress.json",
          "file_progress.json");

  static final String EVENT_SEQUENCE_FILE = "upload_progress_sequence.jsonl";

  private VuemanticsFixtures() {}

  /** The text of one fixture, without the file's final newline. */
  public static String read(String name) {
    String text = readFile(name);
    return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
  }

  /** Every event payload: each single-event file, then each line of the sequence. */
  public static List<String> everyEventPayload() {
    List<String> payloads = new ArrayList<>();
    EVENT_FILES.forEach(name -> payloads.add(read(name)));
    readFile(EVENT_SEQUENCE_FILE).lines().filter(line -> !line.isBlank()).forEach(payloads::add);
    return payloads;
  }

  private static String readFile(String name) {
    Path file = directory().resolve(name);
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the fixture " + file, e);
    }
  }

  // Surefire runs in the module directory; the fixtures sit next to the project root.
  private static Path directory() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      boolean projectRoot = Files.isDirectory(dir.resolve("adapters"));
      if (projectRoot) {
        Path fixtures = dir.resolve("../shared/fixtures/vuemantics").normalize();
        if (!Files.isDirectory(fixtures)) {
          throw new IllegalStateException(
              "the vuemantics fixtures are missing: expected them in " + fixtures);
        }
        return fixtures;
      }
    }
    throw new IllegalStateException("no project root (a directory with adapters/) above " + start);
  }
}
