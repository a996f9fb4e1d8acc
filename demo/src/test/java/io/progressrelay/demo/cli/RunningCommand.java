package io.progressrelay.demo.cli;

import static org.awaitility.Awaitility.await;

import io.progressrelay.demo.DemoMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A long-running command ({@code demo}) run through {@link DemoMain#run} on a thread of its own,
 * with what it prints; interrupting that thread stops it, as SIGTERM would.
 */
final class RunningCommand implements AutoCloseable {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
  private final Thread thread;

  private RunningCommand(Map<String, String> environment, String... args) {
    thread =
        new Thread(
            () -> {
              try {
                exitCode.complete(
                    DemoMain.run(
                        args, environment, new PrintWriter(out, true), new PrintWriter(err, true)));
              } catch (Throwable e) {
                exitCode.completeExceptionally(e);
              }
            },
            "command-under-test");
  }

  static RunningCommand start(Map<String, String> environment, String... args) {
    var command = new RunningCommand(environment, args);
    command.thread.start();
    return command;
  }

  /** Waits until the output satisfies {@code ready} and returns it; fails if the command ends. */
  String awaitOutput(Predicate<String> ready, Duration timeout) {
    try {
      return await()
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                String printed = out.toString();
                if (!ready.test(printed) && exitCode.isDone()) {
                  throw new AssertionError(
                      "the command ended with "
                          + exitCode.getNow(null)
                          + ":\n"
                          + printed
                          + "\n"
                          + err);
                }
                return printed;
              },
              ready);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "the command did not print what was expected:\n" + out + "\n" + err, e);
    }
  }

  String err() {
    return err.toString();
  }

  /** Stops the command (an interrupt) and returns its exit code. */
  int stop() throws InterruptedException, ExecutionException, TimeoutException {
    thread.interrupt();
    return exitCode.get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    if (!exitCode.isDone()) {
      stop();
    }
  }
}
