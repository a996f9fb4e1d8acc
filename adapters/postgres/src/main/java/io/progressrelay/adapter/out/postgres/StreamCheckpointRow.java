package io.progressrelay.adapter.out.postgres;

import io.progressrelay.domain.Position;

/** One row of {@code stream_checkpoints}: a stream entry id as its two numbers. */
record StreamCheckpointRow(long entryMs, long entrySeq) {
  Position toPosition() {
    return Position.streamEntry(entryMs, entrySeq);
  }
}
