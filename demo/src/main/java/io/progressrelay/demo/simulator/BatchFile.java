package io.progressrelay.demo.simulator;

/** One file of a batch upload: the upload it became, its name and its size. */
public record BatchFile(String uploadId, String name, long sizeBytes) {}
