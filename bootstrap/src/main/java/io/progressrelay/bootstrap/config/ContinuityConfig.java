package io.progressrelay.bootstrap.config;

import io.progressrelay.application.service.fanout.ContinuitySettings;

/**
 * What clients that resume get: the per-channel window of recent events they can resume from
 * ({@code RELAY_RESUME_WINDOW_EVENTS}, {@code RELAY_RESUME_WINDOW_AGE}), the latest states kept per
 * user channel ({@code RELAY_USER_LATEST_STATES}), and how many followed uploads a catch-up after
 * authentication covers ({@code RELAY_CATCH_UP_LIMIT}).
 */
public record ContinuityConfig(ContinuitySettings settings, int catchUpLimit) {}
