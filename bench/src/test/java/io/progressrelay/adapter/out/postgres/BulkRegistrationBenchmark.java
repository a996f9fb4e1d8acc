package io.progressrelay.adapter.out.postgres;

import io.progressrelay.domain.UploadRegistration;
import io.progressrelay.application.port.out.UploadRepository;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * How long the largest bulk registration the API accepts (10,000 entries, half of them already
 * registered) takes in PostgreSQL, in one transaction; it was once a timed assert of the adapter's
 * tests. Run only when named (see docs/performance.md); prints the median of five rounds.
 */
final class BulkRegistrationBenchmark {
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
  private static final int ENTRIES = 10_000;
  private static final int ROUNDS = 5;

  @Test
  void tenThousandEntriesHalfOfThemAlreadyRegistered() {
    try (MigratedDatabase database =
        MigratedDatabase.forTestClass(BulkRegistrationBenchmark.class)) {
      List<UploadRegistration> entries = new ArrayList<>();
      for (int i = 0; i < ENTRIES; i++) {
        String owner = i % 2 == 0 ? "alice" : "bob";
        entries.add(new UploadRegistration(new UploadId("bulk-" + i), new UserId(owner)));
      }
      double[] millis = new double[ROUNDS + 1];
      for (int round = 0; round <= ROUNDS; round++) { // round 0 warms up
        UploadRepository uploads = database.emptyRepositories().uploads();
        uploads.registerAll(entries.subList(0, ENTRIES / 2), T0);
        long started = System.nanoTime();
        uploads.registerAll(entries, T0);
        millis[round] = (System.nanoTime() - started) / 1e6;
      }
      double[] measured = Arrays.copyOfRange(millis, 1, millis.length);
      Arrays.sort(measured);
      System.out.printf(
          Locale.ROOT,
          "registerAll of %,d entries (%,d new): median %.1f ms of %d rounds %s%n",
          ENTRIES,
          ENTRIES / 2,
          measured[ROUNDS / 2],
          ROUNDS,
          Arrays.toString(measured));
    }
  }
}
