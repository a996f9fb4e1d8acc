package io.progressrelay.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code node} or {@code npm} command run to its end in a folder, with extra environment
 * variables, its output (stdout and stderr together) kept for the test's failure message.
 */
record NodeCommand(Path folder, Map<String, String> environment, List<String> command) {

  /** What the command printed and how it ended; {@code exitCode} is -1 when it timed out. */
  record Result(int exitCode, String output) {
    boolean succeeded() {
      return exitCode == 0;
    }
  }

  NodeCommand {
    environment = Map.copyOf(environment);
    command = List.copyOf(command);
  }

  /** Runs the command, waiting at most {@code limit}, and returns what it printed. */
  Result run(Duration limit) {
    try {
      Path output = Files.createTempFile("node-command-", ".log");
      try {
        var builder =
            new ProcessBuilder(command)
                .directory(folder.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process process = start(builder);
        boolean exited = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly().waitFor();
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        return new Result(exited ? process.exitValue() : -1, printed);
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  private Process start(ProcessBuilder builder) {
    try {
      return builder.start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run "
              + command.get(0)
              + ": these tests need Node.js 20 or newer and npm on the PATH"
              + " (`apt-get install nodejs npm`; .ci/run installs them)",
          e);
    }
  }
}
