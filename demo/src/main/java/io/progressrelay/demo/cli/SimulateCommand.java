package io.progressrelay.demo.cli;

import io.progressrelay.adapter.in.web.auth.JwtIssuer;
import io.progressrelay.adapter.out.redis.RedisChannelPublisher;
import io.progressrelay.adapter.out.redis.RedisReadinessCheck;
import io.progressrelay.adapter.out.redis.RedisSettings;
import io.progressrelay.bootstrap.config.AppConfig;
import io.progressrelay.bootstrap.config.AppConfigLoader;
import io.progressrelay.bootstrap.config.IngestMode;
import io.progressrelay.demo.simulator.JobFactory;
import io.progressrelay.demo.simulator.RedisEventPublisher;
import io.progressrelay.demo.simulator.RelayApi;
import io.progressrelay.demo.simulator.RestRegistrar;
import io.progressrelay.demo.simulator.SimulationException;
import io.progressrelay.demo.simulator.SimulationPlan;
import io.progressrelay.demo.simulator.SimulationTokens;
import io.progressrelay.demo.simulator.Simulator;
import io.progressrelay.demo.simulator.WorkerEvents;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Plays upload workers against a running relay: registers uploads through its REST API, has their
 * owners follow them, and publishes their events on its Redis, showing progress as it goes.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Publish simulated upload workers' events on a running relay's Redis, registering each"
          + " upload first through the relay's REST API (POST /api/uploads/bulk).",
      "Tokens: --token, or minted with RELAY_JWT_SECRET (the development secret when unset)."
    })
public final class SimulateCommand implements Callable<Integer> {
  private static final int DEFAULT_UPLOADS = 20;
  private static final int MAX_USERS = 100_000;
  private static final String USER_PREFIX = "sim-user-";

  private final Map<String, String> environment;

  @Spec CommandSpec spec;

  @Option(
      names = "--uploads",
      paramLabel = "N",
      description = "Uploads to simulate in all (default: 20, or no limit with --duration).")
  Long uploads;

  @Option(
      names = "--users",
      paramLabel = "M",
      defaultValue = "3",
      description =
          "Users owning the uploads, sim-user-1 to sim-user-M (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(
      names = "--rate",
      paramLabel = "R",
      defaultValue = "2",
      description = "New uploads per second (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--duration",
      paramLabel = "D",
      description = "Start no upload after this long, e.g. 30s, 5m (running ones finish).")
  String duration;

  @Option(
      names = "--step",
      defaultValue = "1s",
      description = "Average time between two events of one upload (default: ${DEFAULT-VALUE}).")
  String step;

  @Option(
      names = "--redis-url",
      paramLabel = "URL",
      description = "The relay's Redis (default: RELAY_REDIS_URL, else redis://127.0.0.1:6379).")
  String redisUrl;

  @Option(
      names = "--relay-url",
      paramLabel = "URL",
      defaultValue = "http://127.0.0.1:7070",
      description = "The relay's HTTP address (default: ${DEFAULT-VALUE}).")
  String relayUrl;

  @Option(
      names = "--ingest",
      paramLabel = "MODE",
      description =
          "pubsub (PUBLISH on the channels) or streams (XADD to RELAY_STREAM_KEY), as the relay's"
              + " RELAY_INGEST; default: RELAY_INGEST, else pubsub.")
  String ingest;

  @Option(
      names = "--token",
      paramLabel = "JWT",
      description = "A service (or admin) token of the relay; default: minted with the secret.")
  String token;

  @Option(
      names = "--follow",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Have each owner follow their uploads, so they see the events (default: on).")
  boolean follow;

  public SimulateCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws InterruptedException {
    AppConfig config = AppConfigLoader.load(environment);
    SimulationPlan plan = plan();
    Optional<String> streamKey = streamKey(config);
    RedisSettings redis = redis(config);
    URI relay = relay();
    SimulationTokens tokens = tokens(config);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<String> userIds = IntStream.rangeClosed(1, users).mapToObj(i -> USER_PREFIX + i).toList();

    var api = new RelayApi(relay);
    var redisAnswer = new RedisReadinessCheck(redis).check();
    if (!redisAnswer.ready()) {
      err.println("progress-relay: " + redisAnswer.detail() + " (see --redis-url)");
      return 1;
    }
    try {
      api.requireReachable();
    } catch (SimulationException e) {
      err.println("progress-relay: " + e.getMessage() + " (see --relay-url)");
      return 1;
    }
    out.println(intro(plan, redisAnswer.detail(), relay));
    if (follow) {
      tokens
          .user(userIds.get(0))
          .ifPresent(t -> out.println("Watch " + userIds.get(0) + ": " + relay + "/?token=" + t));
    }
    out.flush();

    var registrar = new RestRegistrar(api, tokens, follow);
    try (var publisher =
            new RedisEventPublisher(
                new RedisChannelPublisher(redis), config.redisListener(), streamKey);
        var simulator =
            new Simulator(
                plan,
                new JobFactory(userIds, new Random()),
                new WorkerEvents(Clock.systemUTC()),
                publisher,
                registrar)) {
      var progress =
          new ProgressLine(out, simulator.stats(), plan.maxUploads(), System.console() != null);
      Thread hook = new Thread(simulator::close, "progress-relay-simulate-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      simulator.start();
      progress.start();
      while (!simulator.awaitDone(Duration.ofSeconds(1))) {
        // the progress line shows the way
      }
      progress.close();
      removeHook(hook);
      out.println(progress.summary() + "; owners follow " + registrar.followed() + " of them.");
      out.flush();
      if (simulator.failure().isPresent()) {
        err.println("progress-relay: " + simulator.failure().get().getMessage());
        return 1;
      }
      if (simulator.stats().publishFailures() > 0) {
        err.println(
            "progress-relay: "
                + simulator.stats().publishFailures()
                + " event(s) could not be published on Redis");
        return 1;
      }
    }
    return 0;
  }

  private String intro(SimulationPlan plan, String redisAnswer, URI relay) {
    String count = plan.maxUploads().map(n -> n + " uploads").orElse("uploads");
    String until = plan.duration().map(d -> " for " + duration.trim()).orElse("");
    return "Simulating "
        + count
        + " of "
        + users
        + " user(s) at "
        + rate
        + " per second"
        + until
        + ", an event about every "
        + step
        + "; relay "
        + relay
        + ", "
        + redisAnswer;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook has run: it stopped the simulator, as it should
    }
  }

  private SimulationPlan plan() {
    Optional<Duration> limit =
        Optional.ofNullable(duration)
            .map(text -> Arguments.positiveDuration(spec, "--duration", text));
    if (uploads != null && (uploads < 1 || uploads > 100_000_000)) {
      throw new ParameterException(
          spec.commandLine(), "--uploads must be from 1 to 100000000, got " + uploads);
    }
    if (users < 1 || users > MAX_USERS) {
      throw new ParameterException(
          spec.commandLine(), "--users must be from 1 to " + MAX_USERS + ", got " + users);
    }
    Optional<Long> max =
        uploads != null
            ? Optional.of(uploads)
            : limit.isPresent() ? Optional.empty() : Optional.of((long) DEFAULT_UPLOADS);
    return new SimulationPlan(
        Arguments.rate(spec, "--rate", rate), 1, Arguments.step(spec, "--step", step), max, limit);
  }

  private Optional<String> streamKey(AppConfig config) {
    if (ingest == null) {
      return config.ingest().streamKey();
    }
    return switch (ingest.trim().toLowerCase(Locale.ROOT)) {
      case "pubsub" -> Optional.empty();
      case "streams" -> config.ingest().withMode(IngestMode.STREAMS).streamKey();
      default ->
          throw new ParameterException(
              spec.commandLine(), "--ingest must be pubsub or streams, got '" + ingest + "'");
    };
  }

  private RedisSettings redis(AppConfig config) {
    if (redisUrl == null) {
      return config.redis();
    }
    URI uri =
        Arguments.url(spec, "--redis-url", redisUrl, "redis://127.0.0.1:6379", "redis", "rediss");
    return new RedisSettings(uri, config.redis().timeout());
  }

  private URI relay() {
    return Arguments.url(spec, "--relay-url", relayUrl, "http://127.0.0.1:7070", "http", "https");
  }

  private SimulationTokens tokens(AppConfig config) {
    Optional<JwtIssuer> issuer = config.jwt().secret().map(JwtIssuer::new);
    if (token != null) {
      if (token.isBlank()) {
        throw new ParameterException(spec.commandLine(), "--token must not be empty");
      }
      return SimulationTokens.given(token.trim(), issuer);
    }
    return SimulationTokens.minted(
        issuer.orElseThrow(
            () ->
                new ParameterException(
                    spec.commandLine(),
                    "pass --token with a service token of the relay: only a public key"
                        + " (RELAY_JWT_PUBLIC_KEY) is configured, which cannot sign tokens")));
  }
}
