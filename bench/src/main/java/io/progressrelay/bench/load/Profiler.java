package io.progressrelay.bench.load;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * async-profiler attached to a running server JVM for one window: CPU samples every millisecond of
 * CPU time, per thread, written as collapsed stacks. The native library comes from the {@code
 * tools.profiler:async-profiler} jar on the class path (Linux x64 only).
 */
public final class Profiler {
  private static final String LIBRARY = "linux-x64/libasyncProfiler.so";

  /** CPU time each sample stands for. */
  public static final int SAMPLE_MILLIS = 1;

  private static Path extracted; // one copy per run: a second copy would load a second profiler

  private final long pid;
  private final Path library;

  private Profiler(long pid, Path library) {
    this.pid = pid;
    this.library = library;
  }

  /** Starts sampling {@code pid}; fails when the library or the attach mechanism is missing. */
  public static Profiler start(long pid) throws Exception {
    var profiler = new Profiler(pid, extractLibrary());
    profiler.command("start,event=cpu,interval=" + SAMPLE_MILLIS + "ms,threads");
    return profiler;
  }

  /** Stops sampling and writes the collapsed stacks ({@code thread;frame;...;frame count}). */
  public Path stop(Path collapsed) throws Exception {
    Files.createDirectories(collapsed.toAbsolutePath().getParent());
    command("stop,file=" + collapsed.toAbsolutePath() + ",collapsed");
    return collapsed;
  }

  private void command(String options) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
    try {
      vm.loadAgentPath(library.toString(), options);
    } finally {
      vm.detach();
    }
  }

  private static synchronized Path extractLibrary() throws IOException {
    if (extracted != null) {
      return extracted;
    }
    if (!System.getProperty("os.name").startsWith("Linux")
        || !System.getProperty("os.arch").equals("amd64")) {
      throw new IOException("the profile needs Linux x64 for async-profiler's library");
    }
    try (InputStream in = Profiler.class.getClassLoader().getResourceAsStream(LIBRARY)) {
      if (in == null) {
        throw new IOException(LIBRARY + " is not on the class path");
      }
      Path file = Files.createTempFile("libasyncProfiler", ".so");
      file.toFile().deleteOnExit();
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      extracted = file;
      return file;
    }
  }
}
