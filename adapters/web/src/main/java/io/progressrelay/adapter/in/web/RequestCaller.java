package io.progressrelay.adapter.in.web;

import io.javalin.http.Context;
import io.progressrelay.domain.Caller;

/** Carries the authenticated caller from the authentication filter to the route handlers. */
final class RequestCaller {
  private static final String ATTRIBUTE = RequestCaller.class.getName();

  private RequestCaller() {}

  static void remember(Context ctx, Caller caller) {
    ctx.attribute(ATTRIBUTE, caller);
  }

  /** The caller; every {@code /api} route runs after the filter, so absence is a wiring bug. */
  static Caller of(Context ctx) {
    Caller caller = ctx.attribute(ATTRIBUTE);
    if (caller == null) {
      throw new IllegalStateException("no authenticated caller on " + ctx.path());
    }
    return caller;
  }
}
