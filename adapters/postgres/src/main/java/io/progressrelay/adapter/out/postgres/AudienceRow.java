package io.progressrelay.adapter.out.postgres;

/** An upload's owner with one live subscriber, or with a null subscriber when it has none. */
record AudienceRow(String ownerId, String subscriberId) {}
