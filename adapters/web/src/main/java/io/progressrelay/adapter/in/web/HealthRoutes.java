package io.progressrelay.adapter.in.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.progressrelay.adapter.in.web.json.HealthResponse;
import io.progressrelay.adapter.in.web.json.ReadinessResponse;
import io.progressrelay.application.port.out.ReadinessCheck;
import java.time.Duration;
import java.util.List;

/** {@code /healthz} (the process serves HTTP) and {@code /readyz} (its dependencies answer). */
final class HealthRoutes implements WebComponent {
  private final BoundedReadiness readiness;

  HealthRoutes(List<ReadinessCheck> checks, Duration deadline) {
    this.readiness = new BoundedReadiness(checks, deadline);
  }

  @Override
  public void configure(JavalinConfig config) {
    config.routes.get("/healthz", ctx -> ctx.json(HealthResponse.UP));
    config.routes.get("/readyz", this::readiness);
  }

  @Override
  public void beforeStop() {
    readiness.close();
  }

  private void readiness(Context ctx) {
    var response = ReadinessResponse.of(readiness.results());
    ctx.status(response.isReady() ? 200 : 503).json(response);
  }
}
