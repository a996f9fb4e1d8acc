package io.progressrelay.bootstrap;

import io.progressrelay.bootstrap.config.ConfigException;
import java.io.PrintWriter;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Runs a command tree as every jar of the relay does: each command gets the given environment, an
 * unusable configuration exits with {@link Main#EXIT_CONFIG} and any other failure with {@link
 * Main#EXIT_FAILURE}, each with a one-line message.
 */
public final class CommandLines {
  private static final Logger LOG = LoggerFactory.getLogger(CommandLines.class);

  private CommandLines() {}

  /**
   * Runs {@code args} against {@code root} (a picocli command whose sub-commands take the
   * environment in their constructor) and returns the process exit code.
   */
  public static int run(
      Object root,
      String[] args,
      Map<String, String> environment,
      PrintWriter out,
      PrintWriter err) {
    var commandLine =
        new CommandLine(root, new EnvironmentFactory(environment))
            .setOut(out)
            .setErr(err)
            .setExecutionExceptionHandler(
                (e, cmd, parsed) -> {
                  if (e instanceof ConfigException) {
                    err.println("progress-relay: invalid configuration: " + e.getMessage());
                    return Main.EXIT_CONFIG;
                  }
                  LOG.error("{} failed", cmd.getCommandName(), e);
                  err.println("progress-relay: " + e.getMessage());
                  return Main.EXIT_FAILURE;
                });
    return commandLine.execute(args);
  }
}
