package io.progressrelay.demo.cli;

import io.progressrelay.demo.DemoOptions;
import io.progressrelay.demo.DemoRun;
import io.progressrelay.domain.InvalidValueException;
import io.progressrelay.domain.UserId;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs the relay with a built-in simulator of upload workers and prints the pages to open, with
 * tokens; stops on SIGTERM or SIGINT (or when its thread is interrupted).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the relay with simulated upload workers and print the pages to open. Uses the local"
          + " PostgreSQL (database progress_relay_demo unless RELAY_DB_URL is set) and Redis when"
          + " they answer, in-memory adapters otherwise. Not for production."
    })
public final class DemoCommand implements Callable<Integer> {
  private final Map<String, String> environment;

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      description = "HTTP port (default: RELAY_HTTP_PORT, else 7070; 0 picks a free one).")
  Integer port;

  @Option(
      names = "--users",
      defaultValue = "alice,bob",
      description = "Comma-separated demo users, each with a page (default: ${DEFAULT-VALUE}).")
  String users;

  @Option(
      names = "--rate",
      defaultValue = "0.5",
      description = "New uploads per second, on average (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--step",
      defaultValue = "1s",
      description = "Average time between two events of one upload (default: ${DEFAULT-VALUE}).")
  String step;

  @Option(
      names = "--in-memory",
      description = "Use in-memory adapters even when PostgreSQL and Redis answer.")
  boolean inMemory;

  public DemoCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    var options =
        new DemoOptions(
            Optional.ofNullable(validPort()), userList(), validRate(), validStep(), inMemory);
    DemoRun demo = DemoRun.start(environment, options);
    spec.commandLine().getOut().println(demo.banner());
    spec.commandLine().getOut().flush();
    runUntilStopped(demo);
    return 0;
  }

  // Until SIGTERM/SIGINT (the hook stops the demo), or an interrupt of this thread (tests).
  private static void runUntilStopped(DemoRun demo) {
    var stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              demo.close();
              stopped.countDown();
            },
            "progress-relay-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
        demo.close(); // with the interrupt cleared, so the stop can wait for requests in flight
      } catch (IllegalStateException shuttingDown) {
        // the hook is stopping the demo
      }
      Thread.currentThread().interrupt();
    }
  }

  private Integer validPort() {
    if (port != null && (port < 0 || port > 65_535)) {
      throw new ParameterException(
          spec.commandLine(), "--port must be a whole number from 0 to 65535, got " + port);
    }
    return port;
  }

  private List<String> userList() {
    List<String> names =
        Arrays.stream(users.split(",")).map(String::trim).filter(u -> !u.isEmpty()).toList();
    if (names.isEmpty() || names.size() > 20 || names.stream().distinct().count() != names.size()) {
      throw new ParameterException(
          spec.commandLine(), "--users must name 1 to 20 different users, got '" + users + "'");
    }
    for (String name : names) {
      try {
        UserId.parse("--users", name);
      } catch (InvalidValueException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    return names;
  }

  private double validRate() {
    return Arguments.rate(spec, "--rate", rate);
  }

  private Duration validStep() {
    return Arguments.step(spec, "--step", step);
  }
}
