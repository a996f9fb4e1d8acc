package io.progressrelay.adapter.out.postgres;

import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Appends with one {@code INSERT ... SELECT FROM unnest(...)}: one statement per batch whatever its
 * size, each column bound as one array.
 */
final class UnnestHistoryAppender implements HistoryAppender {
  @Override
  public void append(Handle handle, List<HistoryRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    int n = rows.size();
    var eventIds = new String[n];
    var channels = new String[n];
    var actions = new String[n];
    var uploadIds = new String[n];
    var batchIds = new String[n];
    var sizes = new Integer[n];
    var receivedAts = new String[n];
    var instanceIds = new String[n];
    var userIds = new String[n];
    var outcomes = new String[n];
    var connections = new Integer[n];
    var firstWrittenAts = new String[n];
    var latencies = new Long[n];
    for (int i = 0; i < n; i++) {
      HistoryRow row = rows.get(i);
      eventIds[i] = row.eventId();
      channels[i] = row.channel();
      actions[i] = row.action();
      uploadIds[i] = row.uploadId();
      batchIds[i] = row.batchId();
      sizes[i] = row.sizeBytes();
      receivedAts[i] = row.receivedAt().toString();
      instanceIds[i] = row.instanceId();
      userIds[i] = row.userId();
      outcomes[i] = row.outcome();
      connections[i] = row.connections();
      firstWrittenAts[i] = row.firstWrittenAt() == null ? null : row.firstWrittenAt().toString();
      latencies[i] = row.latencyMicros();
    }
    handle
        .attach(DeliveryHistoryDao.class)
        .insertAll(
            eventIds,
            channels,
            actions,
            uploadIds,
            batchIds,
            sizes,
            receivedAts,
            instanceIds,
            userIds,
            outcomes,
            connections,
            firstWrittenAts,
            latencies);
  }
}
