package io.progressrelay.adapter.out.postgres;

/** An upload id with its owner, as bulk registration compares them. */
record UploadOwnerRow(String uploadId, String ownerId) {}
