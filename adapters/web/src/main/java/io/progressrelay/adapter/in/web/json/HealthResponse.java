package io.progressrelay.adapter.in.web.json;

/** The liveness answer: the process is up and serving HTTP. */
public record HealthResponse(String status) {
  public static final HealthResponse UP = new HealthResponse("up");
}
