package io.progressrelay.bootstrap.cli;

import io.progressrelay.bootstrap.Application;
import io.progressrelay.bootstrap.config.AppConfig;
import io.progressrelay.bootstrap.config.AppConfigLoader;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/** Runs the relay until SIGTERM or SIGINT, then stops it gracefully. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run the relay (the default).")
public final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  private final Map<String, String> environment;

  public ServeCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    AppConfig config = AppConfigLoader.load(environment);
    Application application = Application.start(config);
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("Stopping: finishing in-flight requests");
                  application.close();
                  stopped.countDown();
                },
                "progress-relay-shutdown"));
    LOG.info(
        "Progress Relay {} listening on http://{}:{}",
        io.progressrelay.bootstrap.Version.current(),
        config.http().host(),
        application.httpPort());
    awaitUninterruptibly(stopped);
    return 0;
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    while (true) {
      try {
        latch.await();
        return;
      } catch (InterruptedException e) {
        // Only the shutdown hook ends serving.
      }
    }
  }
}
