package io.progressrelay.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A Java server's live heap: {@code jcmd <pid> GC.class_histogram} runs a full collection and then
 * sums what survived, which is the heap its objects really hold, whatever the collector and the
 * heap's size. Uses the {@code jcmd} beside the server's own {@code java}, so a Java 25 server is
 * read by Java 25's.
 */
public final class LiveHeap {

  /** Live heap bytes after a full collection, or empty where the server is no JVM or jcmd fails. */
  public static OptionalLong bytes(Server server) {
    String java = server.spec().command().get(0);
    if (!java.endsWith("/bin/java")) {
      return OptionalLong.empty();
    }
    Path jcmd = Path.of(java).resolveSibling("jcmd");
    if (!Files.isExecutable(jcmd)) {
      return OptionalLong.empty();
    }
    try {
      Process p =
          new ProcessBuilder(jcmd.toString(), Long.toString(server.pid()), "GC.class_histogram")
              .redirectErrorStream(true)
              .start();
      String text = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return OptionalLong.empty();
      }
      return total(text);
    } catch (IOException e) {
      return OptionalLong.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    }
  }

  // The histogram's last line: "Total <instances> <bytes>".
  static OptionalLong total(String histogram) {
    for (String line : histogram.split("\n")) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length == 3 && fields[0].equals("Total")) {
        return OptionalLong.of(Long.parseLong(fields[2]));
      }
    }
    return OptionalLong.empty();
  }

  private LiveHeap() {}
}
