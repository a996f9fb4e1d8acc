package io.progressrelay.adapter.in.web.json;

import io.progressrelay.domain.Grant;
import java.util.List;

/** An upload's grants, oldest first. */
public record GrantListResponse(List<GrantResponse> grants) {
  public static GrantListResponse of(List<Grant> grants) {
    return new GrantListResponse(grants.stream().map(GrantResponse::of).toList());
  }
}
