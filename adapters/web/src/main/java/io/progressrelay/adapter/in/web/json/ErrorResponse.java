package io.progressrelay.adapter.in.web.json;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of every error answer: {@code {"error":{"code","message","field"?}}}. */
public record ErrorResponse(Detail error) {
  /** What went wrong: a stable code for programs, a message for people, the offending field. */
  public record Detail(
      String code, String message, @JsonInclude(JsonInclude.Include.NON_NULL) String field) {}

  public static ErrorResponse of(String code, String message, String field) {
    return new ErrorResponse(new Detail(code, message, field));
  }
}
