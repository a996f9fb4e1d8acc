package io.progressrelay.bootstrap;

import io.progressrelay.bootstrap.cli.DemoCommand;
import io.progressrelay.bootstrap.cli.MigrateCommand;
import io.progressrelay.bootstrap.cli.ServeCommand;
import io.progressrelay.bootstrap.cli.SimulateCommand;
import io.progressrelay.bootstrap.cli.TokenCommand;
import io.progressrelay.bootstrap.config.ConfigException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code serve} (the default), {@code migrate}, {@code token}, {@code demo},
 * {@code simulate}.
 */
@Command(
    name = "progress-relay",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Pushes upload-progress events from Redis to the browsers allowed to see them.",
    subcommands = {
      ServeCommand.class,
      MigrateCommand.class,
      TokenCommand.class,
      DemoCommand.class,
      SimulateCommand.class
    })
public final class Main implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  /** Exit code for a failure at run time, such as a database that cannot be reached. */
  public static final int EXIT_FAILURE = 1;

  /** Exit code for a configuration variable or command-line argument the relay cannot use. */
  public static final int EXIT_CONFIG = 2;

  private final Map<String, String> environment;

  Main(Map<String, String> environment) {
    this.environment = environment;
  }

  public static void main(String[] args) {
    System.exit(
        run(
            args,
            System.getenv(),
            new PrintWriter(System.out, true),
            new PrintWriter(System.err, true)));
  }

  /** Runs one command with the given environment and streams; returns the process exit code. */
  public static int run(
      String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err) {
    var commandLine =
        new CommandLine(new Main(environment), new EnvironmentFactory(environment))
            .setOut(out)
            .setErr(err)
            .setExecutionExceptionHandler(
                (e, cmd, parsed) -> {
                  if (e instanceof ConfigException) {
                    err.println("progress-relay: invalid configuration: " + e.getMessage());
                    return EXIT_CONFIG;
                  }
                  LOG.error("{} failed", cmd.getCommandName(), e);
                  err.println("progress-relay: " + e.getMessage());
                  return EXIT_FAILURE;
                });
    return commandLine.execute(args);
  }

  @Override
  public Integer call() {
    // No sub-command: serve, as `java -jar progress-relay.jar` should.
    return new ServeCommand(environment).call();
  }
}
