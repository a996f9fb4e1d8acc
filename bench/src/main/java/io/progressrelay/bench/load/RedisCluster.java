package io.progressrelay.bench.load;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster of three masters (no replicas) on free loopback ports, started for one benchmark
 * run ({@code redis-server --cluster-enabled yes}, then {@code redis-cli --cluster create}) and
 * stopped with it; its nodes' files live in a temporary directory removed on close.
 */
public final class RedisCluster implements AutoCloseable {
  private final Path directory;
  private final List<Process> nodes;
  private final List<Integer> ports;

  private RedisCluster(Path directory, List<Process> nodes, List<Integer> ports) {
    this.directory = directory;
    this.nodes = nodes;
    this.ports = ports;
  }

  /** Starts three masters, joins them into one cluster and waits until it reports {@code ok}. */
  public static RedisCluster start() throws IOException, InterruptedException {
    Path directory = Files.createTempDirectory("bench-redis-cluster");
    List<Process> nodes = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    var cluster = new RedisCluster(directory, nodes, ports);
    try {
      for (int i = 0; i < 3; i++) {
        int port = freePort();
        ports.add(port);
        nodes.add(
            new ProcessBuilder(
                    "redis-server",
                    "--port",
                    Integer.toString(port),
                    "--bind",
                    "127.0.0.1",
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    "nodes-" + port + ".conf",
                    "--save",
                    "",
                    "--appendonly",
                    "no")
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("redis-" + port + ".log").toFile())
                .start());
      }
      for (int port : ports) {
        awaitAnswer(port, "ping", "PONG");
      }
      List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
      ports.forEach(port -> create.add("127.0.0.1:" + port));
      create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      run(create);
      for (int port : ports) {
        awaitAnswer(port, "cluster info", "cluster_state:ok");
      }
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The nodes as {@code host:port,host:port,...}. */
  public String nodes() {
    return String.join(",", ports.stream().map(port -> "127.0.0.1:" + port).toList());
  }

  /** The nodes' ports. */
  public List<Integer> ports() {
    return List.copyOf(ports);
  }

  /** CPU time (user + system) of all nodes together, in nanoseconds. */
  public long cpuNanos() {
    return nodes.stream().mapToLong(node -> Math.max(0, ProcStats.cpuNanos(node.pid()))).sum();
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void awaitAnswer(int port, String command, String expected)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    List<String> cli = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
    cli.addAll(List.of(command.split(" ")));
    String last = "";
    while (System.nanoTime() < deadline) {
      last = run(cli);
      if (last.contains(expected)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IOException(
        "Redis node " + port + " did not answer '" + command + "' with " + expected + ": " + last);
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish in 60 s");
    }
    return output;
  }

  @Override
  public void close() {
    for (Process node : nodes) {
      node.destroy();
    }
    for (Process node : nodes) {
      try {
        if (!node.waitFor(10, TimeUnit.SECONDS)) {
          node.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (var files = Files.walk(directory)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
