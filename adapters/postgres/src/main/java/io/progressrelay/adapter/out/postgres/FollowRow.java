package io.progressrelay.adapter.out.postgres;

/** One live subscription: a user and an upload it follows. */
record FollowRow(String userId, String uploadId) {}
