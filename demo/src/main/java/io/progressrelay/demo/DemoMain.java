package io.progressrelay.demo;

import io.progressrelay.bootstrap.CommandLines;
import io.progressrelay.bootstrap.Version;
import io.progressrelay.demo.cli.DemoCommand;
import io.progressrelay.demo.cli.SimulateCommand;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The demo's command line: {@code demo} (the default) runs the relay fed by simulated upload
 * workers, {@code simulate} plays workers against a relay that runs elsewhere.
 */
@Command(
    name = "progress-relay-demo",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Shows Progress Relay at work with simulated upload workers. Not for production.",
    subcommands = {DemoCommand.class, SimulateCommand.class})
public final class DemoMain implements Callable<Integer> {
  @Spec CommandSpec spec;

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
    return CommandLines.run(new DemoMain(), args, environment, out, err);
  }

  @Override
  public Integer call() {
    // No sub-command: the demo, as `java -jar progress-relay-demo.jar` should.
    return spec.subcommands().get("demo").execute();
  }
}
