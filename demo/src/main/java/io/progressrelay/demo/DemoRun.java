package io.progressrelay.demo;

import io.progressrelay.adapter.in.web.auth.JwtIssuer;
import io.progressrelay.adapter.out.redis.RedisChannelPublisher;
import io.progressrelay.bootstrap.Application;
import io.progressrelay.bootstrap.backends.Backends;
import io.progressrelay.bootstrap.backends.PostgresRedisBackends;
import io.progressrelay.bootstrap.config.AppConfig;
import io.progressrelay.bootstrap.config.AppConfigLoader;
import io.progressrelay.bootstrap.config.ConfigException;
import io.progressrelay.demo.simulator.EventPublisher;
import io.progressrelay.demo.simulator.JobFactory;
import io.progressrelay.demo.simulator.RedisEventPublisher;
import io.progressrelay.demo.simulator.RelayApi;
import io.progressrelay.demo.simulator.RestRegistrar;
import io.progressrelay.demo.simulator.SimulationPlan;
import io.progressrelay.demo.simulator.SimulationTokens;
import io.progressrelay.demo.simulator.Simulator;
import io.progressrelay.demo.simulator.WorkerEvents;
import io.progressrelay.domain.Role;
import io.progressrelay.domain.UserId;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running demo: the whole relay on local PostgreSQL and Redis, or on in-memory adapters when they
 * do not answer, fed by the simulator without end, plus tokens and page URLs for the demo users and
 * an admin. Close it to stop everything.
 */
public final class DemoRun implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DemoRun.class);

  /** The demo's database unless {@code RELAY_DB_URL} names another, so real data stays apart. */
  static final String DEMO_DB_URL = "jdbc:postgresql://127.0.0.1:5432/progress_relay_demo";

  static final Duration TOKEN_TTL = Duration.ofHours(12);
  static final String ADMIN_USER = "demo-admin";

  private final List<AutoCloseable> stopOrder = new ArrayList<>();
  private Application application;
  private boolean inMemory;
  private List<String> whyInMemory = List.of();
  private String storageDescription;
  private String baseUrl;
  private final Map<String, String> userTokens = new LinkedHashMap<>();
  private String adminToken;
  private boolean developmentSecret;

  private DemoRun() {}

  /**
   * Starts the relay and the simulator.
   *
   * @throws ConfigException for a configuration the demo cannot use (such as only a public JWT key)
   * @throws RuntimeException when the relay cannot start (the port is taken...)
   */
  public static DemoRun start(Map<String, String> environment, DemoOptions options) {
    var demo = new DemoRun();
    try {
      demo.begin(environment, options);
      return demo;
    } catch (RuntimeException e) {
      demo.close();
      throw e;
    }
  }

  private void begin(Map<String, String> environment, DemoOptions options) {
    Map<String, String> env = new HashMap<>(environment);
    env.putIfAbsent("RELAY_DB_URL", DEMO_DB_URL);
    // Channels of this run alone, so a relay or another demo on the same Redis never sees its
    // events.
    String run = "demo-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
    env.putIfAbsent("RELAY_REDIS_UPLOAD_PREFIX", run + ":upload:");
    env.putIfAbsent("RELAY_REDIS_USER_PREFIX", run + ":user:");
    env.putIfAbsent("RELAY_REDIS_CONTROL_CHANNEL", run + ":control");
    options.port().ifPresent(port -> env.put("RELAY_HTTP_PORT", String.valueOf(port)));
    AppConfig config = AppConfigLoader.load(env);
    JwtIssuer issuer = issuer(config);
    developmentSecret = config.jwt().devSecret();

    List<String> problems = options.inMemory() ? List.of() : LocalServers.problems(config);
    inMemory = options.inMemory() || !problems.isEmpty();
    whyInMemory = options.inMemory() ? List.of("--in-memory was given") : problems;
    Backends backends;
    if (inMemory) {
      problems.forEach(problem -> LOG.warn("{}", problem));
      LOG.warn("Running the demo on IN-MEMORY adapters: nothing is kept, not for production");
      backends = new InMemoryBackends(Clock.systemUTC());
      storageDescription = "in memory";
    } else {
      backends = new PostgresRedisBackends();
      storageDescription = LocalServers.describe(config);
    }
    application = stopsLast(Application.start(config, backends));
    baseUrl = "http://" + browserHost(config.http().host()) + ":" + application.httpPort();

    for (String user : options.users()) {
      userTokens.put(user, issuer.issue(new UserId(user), Set.of(), TOKEN_TTL));
    }
    adminToken = issuer.issue(new UserId(ADMIN_USER), Set.of(Role.ADMIN), TOKEN_TTL);
    startSimulator(config, backends, issuer, options);
  }

  private void startSimulator(
      AppConfig config, Backends backends, JwtIssuer issuer, DemoOptions options) {
    String host = isWildcard(config.http().host()) ? "127.0.0.1" : bracketed(config.http().host());
    var api = new RelayApi(URI.create("http://" + host + ":" + application.httpPort()));
    var tokens = SimulationTokens.minted(issuer);
    var registrar = new PruningRegistrar(new RestRegistrar(api, tokens, true), api, tokens);
    if (!inMemory) {
      registrar.forgetEarlierRuns(options.users());
    }
    EventPublisher publisher;
    if (backends instanceof InMemoryBackends memory) {
      publisher = new InProcessPublisher(memory.events());
    } else {
      var redis =
          new RedisEventPublisher(
              new RedisChannelPublisher(config.redis()),
              config.redisListener(),
              config.ingest().streamKey());
      stopOrder.add(0, redis);
      publisher = redis;
    }
    var plan =
        new SimulationPlan(
            options.uploadsPerSecond(),
            options.users().size(),
            options.step(),
            Optional.empty(),
            Optional.empty());
    var simulator =
        new Simulator(
            plan,
            new JobFactory(options.users(), new Random()),
            new WorkerEvents(Clock.systemUTC()),
            publisher,
            registrar);
    stopOrder.add(0, simulator);
    simulator.start();
  }

  private <T extends AutoCloseable> T stopsLast(T component) {
    stopOrder.add(component);
    return component;
  }

  private static JwtIssuer issuer(AppConfig config) {
    byte[] secret =
        config
            .jwt()
            .secret()
            .orElseThrow(
                () ->
                    new ConfigException(
                        "RELAY_JWT_PUBLIC_KEY",
                        "the demo mints its own tokens and needs an HS256 secret: unset"
                            + " RELAY_JWT_PUBLIC_KEY, or set RELAY_JWT_SECRET instead"));
    return new JwtIssuer(secret);
  }

  // A browser on this machine reaches a relay bound to every interface as localhost.
  private static String browserHost(String host) {
    return isWildcard(host) ? "localhost" : bracketed(host);
  }

  private static boolean isWildcard(String host) {
    return List.of("", "0.0.0.0", "::", "[::]").contains(host);
  }

  private static String bracketed(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  public Application application() {
    return application;
  }

  /** True when the demo runs on in-memory adapters instead of PostgreSQL and Redis. */
  public boolean inMemory() {
    return inMemory;
  }

  /** The page of {@code user}'s uploads, carrying their token. */
  public String userPageUrl(String user) {
    String token = userTokens.get(user);
    if (token == null) {
      throw new IllegalArgumentException("'" + user + "' is not a demo user");
    }
    return baseUrl + "/?token=" + token;
  }

  /** The admin page, carrying an admin token. */
  public String adminPageUrl() {
    return baseUrl + "/admin?token=" + adminToken;
  }

  /** A token of {@code user}, e.g. to open a socket as they would. */
  public String tokenOf(String user) {
    return userTokens.get(user);
  }

  /** What to print when the demo has started. */
  public String banner() {
    return DemoBanner.text(
        storageDescription,
        whyInMemory,
        inMemory,
        List.copyOf(userTokens.keySet()),
        this::userPageUrl,
        adminPageUrl(),
        developmentSecret);
  }

  /** Stops the simulator, then the relay. */
  @Override
  public void close() {
    for (AutoCloseable component : stopOrder) {
      try {
        component.close();
      } catch (Exception e) {
        LOG.warn("Failed to stop {}", component.getClass().getSimpleName(), e);
      }
    }
    stopOrder.clear();
  }
}
