package io.progressrelay.adapter.out.postgres;

/**
 * An upload's registration and owner with one live subscriber, or with a null subscriber when it
 * has none.
 */
record AudienceRow(long registration, String ownerId, String subscriberId) {}
