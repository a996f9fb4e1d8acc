package io.progressrelay.adapter.in.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.progressrelay.adapter.in.web.json.HealthResponse;
import io.progressrelay.adapter.in.web.json.ReadinessResponse;
import io.progressrelay.application.port.out.ReadinessCheck;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /healthz} (the process serves HTTP) and {@code /readyz} (its dependencies answer). */
final class HealthRoutes implements WebComponent {
  private static final Logger LOG = LoggerFactory.getLogger(HealthRoutes.class);

  private final List<ReadinessCheck> checks;

  HealthRoutes(List<ReadinessCheck> checks) {
    this.checks = List.copyOf(checks);
  }

  @Override
  public void configure(JavalinConfig config) {
    config.routes.get("/healthz", ctx -> ctx.json(HealthResponse.UP));
    config.routes.get("/readyz", this::readiness);
  }

  private void readiness(Context ctx) {
    var response = ReadinessResponse.of(checks.stream().map(HealthRoutes::run).toList());
    ctx.status(response.isReady() ? 200 : 503).json(response);
  }

  // Checks promise not to throw; one that does must not turn readiness into a 500.
  private static ReadinessCheck.Result run(ReadinessCheck check) {
    try {
      return check.check();
    } catch (RuntimeException e) {
      LOG.warn("readiness check '{}' threw", check.name(), e);
      return new ReadinessCheck.Result(check.name(), false, "the check failed unexpectedly");
    }
  }
}
