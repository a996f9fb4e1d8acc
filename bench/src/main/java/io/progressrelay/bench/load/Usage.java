package io.progressrelay.bench.load;

/**
 * CPU used during one measured window: by the server under test, the load generator, Redis and the
 * whole machine, so a report can say which of them was the limit.
 */
public record Usage(
    double seconds,
    long serverCpuNanos,
    long serverKernelNanos,
    long generatorCpuNanos,
    long redisCpuNanos,
    long postgresCpuNanos,
    double busy) {

  /** Starts measuring now. */
  public static Meter start(long serverPid) {
    return new Meter(serverPid);
  }

  /** Cores the server kept busy on average. */
  public double serverCores() {
    return serverCpuNanos / 1e9 / seconds;
  }

  /** Cores the load generator kept busy on average. */
  public double generatorCores() {
    return generatorCpuNanos / 1e9 / seconds;
  }

  /** Cores PostgreSQL kept busy on average (the relay's history and latest-state writes). */
  public double postgresCores() {
    return postgresCpuNanos / 1e9 / seconds;
  }

  /** Cores Redis kept busy on average. */
  public double redisCores() {
    return redisCpuNanos / 1e9 / seconds;
  }

  /** A window being measured. */
  public static final class Meter {
    private final long serverPid;
    private final long redisPid;
    private final long startNanos = System.nanoTime();
    private final long server;
    private final long serverKernel;
    private final long generator;
    private final long redis;
    private final long postgres;
    private final long[] machine;

    private Meter(long serverPid) {
      this.serverPid = serverPid;
      this.redisPid = ProcStats.redisPid().orElse(-1L);
      long[] split = ProcStats.cpuSplitNanos(serverPid);
      this.server = split == null ? 0 : split[0] + split[1];
      this.serverKernel = split == null ? 0 : split[1];
      this.generator = ProcStats.ownCpuNanos();
      this.redis = redisPid < 0 ? 0 : ProcStats.cpuNanos(redisPid);
      this.postgres = ProcStats.postgresCpuNanos();
      this.machine = ProcStats.machineTicks();
    }

    /** Ends the window. */
    public Usage stop() {
      long[] now = ProcStats.machineTicks();
      double busy = (double) (now[0] - machine[0]) / Math.max(1, now[1] - machine[1]);
      long[] split = ProcStats.cpuSplitNanos(serverPid);
      return new Usage(
          (System.nanoTime() - startNanos) / 1e9,
          split == null ? 0 : split[0] + split[1] - server,
          split == null ? 0 : split[1] - serverKernel,
          ProcStats.ownCpuNanos() - generator,
          redisPid < 0 ? 0 : ProcStats.cpuNanos(redisPid) - redis,
          ProcStats.postgresCpuNanos() - postgres,
          busy);
    }
  }
}
