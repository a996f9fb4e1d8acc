package io.progressrelay.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the tests' throwaway servers (a Redis, a PostgreSQL cluster) share: finding a server's
 * executable, picking a free loopback port, and stopping a process for sure.
 */
public final class LocalServerProcess {
  private LocalServerProcess() {}

  /** The executable {@code name} on the {@code PATH}, else in the first of {@code fallbacks}. */
  public static Optional<Path> executable(String name, Path... fallbacks) {
    String path = System.getenv().getOrDefault("PATH", "");
    Stream<Path> onPath = Arrays.stream(path.split(File.pathSeparator)).map(Path::of);
    return Stream.concat(onPath, Arrays.stream(fallbacks))
        .map(directory -> directory.resolve(name))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /**
   * The sub-directories of {@code parent}, newest version (by name) first; none if it is absent.
   */
  public static Path[] versionedDirectories(Path parent, String child) {
    if (!Files.isDirectory(parent)) {
      return new Path[0];
    }
    try (Stream<Path> versions = Files.list(parent)) {
      return versions
          .sorted(
              Comparator.comparing((Path version) -> version.getFileName().toString()).reversed())
          .map(version -> version.resolve(child))
          .toArray(Path[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A loopback port nothing listens on right now. */
  public static int freePort() {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free loopback port", e);
    }
  }

  /** Ends {@code process} at once (SIGKILL: an outage, not a clean shutdown) and waits for it. */
  public static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("process " + process.pid() + " did not end");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping " + process.pid(), e);
    }
  }

  /** Deletes {@code directory} and everything in it; a missing directory is fine. */
  public static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + directory, e);
    }
  }

  /** The last {@code maxChars} characters of a log file, or why it could not be read. */
  public static String tail(Path log, int maxChars) {
    try {
      String text = Files.readString(log);
      return text.length() <= maxChars ? text : text.substring(text.length() - maxChars);
    } catch (IOException e) {
      return "(no log at " + log + ": " + e.getMessage() + ")";
    }
  }
}
