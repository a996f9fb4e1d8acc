package io.progressrelay.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads CPU time, memory, threads and descriptors from Linux's /proc: of a server, of the machine
 * and of this JVM.
 */
public final class ProcStats {
  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ, 100 on every Linux we run on

  /** CPU time (user + system) of process {@code pid} in nanoseconds, or -1 when it is gone. */
  public static long cpuNanos(long pid) {
    long[] split = cpuSplitNanos(pid);
    return split == null ? -1 : split[0] + split[1];
  }

  /** {@code [user, system]} CPU time of process {@code pid} in nanoseconds, or null. */
  public static long[] cpuSplitNanos(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // Fields after the command name, which is in parentheses and may hold spaces.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new long[] {
        (long) (Long.parseLong(fields[11]) / TICKS_PER_SECOND * 1e9),
        (long) (Long.parseLong(fields[12]) / TICKS_PER_SECOND * 1e9)
      };
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Resident memory of process {@code pid} in KiB, or -1 when it is gone. */
  public static long rssKib(long pid) {
    return statusField(pid, "VmRSS:");
  }

  /** The highest resident memory process {@code pid} has reached, in KiB. */
  public static long peakRssKib(long pid) {
    return statusField(pid, "VmHWM:");
  }

  /** Threads of process {@code pid}, or -1 when it is gone. */
  public static long threads(long pid) {
    return statusField(pid, "Threads:");
  }

  /** Open file descriptors (sockets included) of process {@code pid}, or -1 when it is gone. */
  public static long openFiles(long pid) {
    try (Stream<Path> descriptors = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      return descriptors.count();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static long statusField(long pid, String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return -1;
  }

  /** This JVM's (the load generator's) CPU time in nanoseconds. */
  public static long ownCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
  }

  /** The local redis-server's pid, when one runs on this machine. */
  public static Optional<Long> redisPid() {
    return ProcessHandle.allProcesses()
        .map(ProcessHandle::pid)
        .filter(pid -> commandName(pid).equals("redis-server"))
        .findFirst();
  }

  private static String commandName(long pid) {
    try {
      return Files.readString(Path.of("/proc/" + pid + "/comm")).trim();
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** CPU time of every PostgreSQL process (server and backends), in nanoseconds. */
  public static long postgresCpuNanos() {
    return ProcessHandle.allProcesses()
        .map(ProcessHandle::pid)
        .filter(pid -> commandName(pid).equals("postgres"))
        .mapToLong(pid -> Math.max(0, cpuNanos(pid)))
        .sum();
  }

  /** Machine-wide busy and total CPU ticks, summed over all cores. */
  public static long[] machineTicks() {
    try {
      String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < cpu.length; i++) {
        total += Long.parseLong(cpu[i]);
      }
      long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
      return new long[] {total - idle, total};
    } catch (IOException e) {
      return new long[] {0, 1};
    }
  }

  private ProcStats() {}
}
