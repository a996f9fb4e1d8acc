package io.progressrelay.adapter.out.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sample payloads of the relay being replaced, from {@code shared/fixtures/vuemantics} beside
 * the project root (or {@code RELAY_FIXTURES_DIR}); fails loudly when they cannot be found.
 */
final class VuemanticsFixtures {
  private static final Path RELATIVE = Path.of("shared", "fixtures", "vuemantics");

  private VuemanticsFixtures() {}

  static Path directory() {
    String configured = System.getenv("RELAY_FIXTURES_DIR");
    if (configured != null) {
      return requireDirectory(Path.of(configured));
    }
    List<Path> tried = new ArrayList<>();
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(RELATIVE);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      tried.add(candidate);
    }
    throw new IllegalStateException(
        "The vuemantics fixtures are missing: none of "
            + tried
            + " exists (set RELAY_FIXTURES_DIR to their directory)");
  }

  /** One fixture document without the file's final line break, exactly as a worker sends it. */
  static String document(String fileName) {
    return stripFinalLineBreak(read(fileName));
  }

  /** The lines of a {@code .jsonl} fixture, each one document. */
  static List<String> lines(String fileName) {
    return read(fileName).lines().filter(line -> !line.isBlank()).toList();
  }

  static List<String> fileNames() {
    try (var files = Files.list(directory())) {
      return files
          .map(path -> path.getFileName().toString())
          .filter(name -> name.endsWith(".json") || name.endsWith(".jsonl"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(String fileName) {
    Path file = directory().resolve(fileName);
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the fixture " + file, e);
    }
  }

  private static String stripFinalLineBreak(String text) {
    return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
  }

  private static Path requireDirectory(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("RELAY_FIXTURES_DIR is not a directory: " + dir);
    }
    return dir;
  }
}
