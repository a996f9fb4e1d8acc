package io.progressrelay.adapter.in.web.json;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.progressrelay.application.port.out.ReadinessCheck;
import java.util.List;

/** The readiness answer: {@code ready} only when every dependency check passed. */
public record ReadinessResponse(String status, List<Check> checks) {
  /** One dependency's outcome, as {@code /readyz} reports it. */
  public record Check(String name, boolean ready, String detail) {}

  public static ReadinessResponse of(List<ReadinessCheck.Result> results) {
    List<Check> checks =
        results.stream().map(r -> new Check(r.name(), r.ready(), r.detail())).toList();
    boolean ready = checks.stream().allMatch(Check::ready);
    return new ReadinessResponse(ready ? "ready" : "not_ready", checks);
  }

  @JsonIgnore
  public boolean isReady() {
    return "ready".equals(status);
  }
}
