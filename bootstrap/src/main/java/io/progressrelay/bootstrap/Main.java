package io.progressrelay.bootstrap;

import io.progressrelay.bootstrap.cli.MigrateCommand;
import io.progressrelay.bootstrap.cli.ServeCommand;
import io.progressrelay.bootstrap.cli.TokenCommand;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * The relay's command line: {@code serve} (the default), {@code migrate}, {@code token}. The demo
 * and the simulator have a jar of their own (module {@code demo}).
 */
@Command(
    name = "progress-relay",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Pushes upload-progress events from Redis to the browsers allowed to see them.",
    subcommands = {ServeCommand.class, MigrateCommand.class, TokenCommand.class})
public final class Main implements Callable<Integer> {
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
    return CommandLines.run(new Main(environment), args, environment, out, err);
  }

  @Override
  public Integer call() {
    // No sub-command: serve, as `java -jar progress-relay.jar` should.
    return new ServeCommand(environment).call();
  }
}
