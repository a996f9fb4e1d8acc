package io.progressrelay.demo.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Invents jobs for the users in turn, with a realistic mix: a quarter are batches of three files,
 * two in five are videos, about one upload in six fails at a random stage, and one in ten has its
 * analysis retried. Upload and batch ids are random UUIDs, as the workers' are. Not thread-safe.
 */
public final class JobFactory {
  static final int BATCH_SIZE = 3;
  private static final double BATCH_SHARE = 0.25;
  private static final double VIDEO_SHARE = 0.4;
  private static final double FAILURE_SHARE = 0.17;
  private static final double RETRY_SHARE = 0.1;

  private static final List<String> DESCRIPTIONS =
      List.of(
          "A close-up photograph of a hand-thrown ceramic mug with a speckled cream glaze on a"
              + " wooden table, steam rising from coffee, soft window light from the left.",
          "A red kayak crossing a calm lake at sunrise; mist over the water, pine forest on the"
              + " far shore.",
          "A city street at night after rain, neon signs reflected in puddles, a cyclist passing"
              + " with a yellow raincoat.",
          "Two children building a sandcastle on a wide beach, low tide, seagulls in the distance.",
          "A snow-covered mountain hut under a starry sky, warm light in its single window.",
          "A market stall piled with oranges, lemons and figs, a hand-written price board in"
              + " chalk.");
  private static final List<String> ERRORS =
      List.of(
          "Vision model timed out after 3 attempts",
          "Could not decode the file: unsupported codec",
          "Description audit failed: score 31 below the threshold of 60",
          "Embedding service unavailable after 5 retries",
          "The file is corrupt or truncated");

  private final List<String> users;
  private final Random random;
  private int nextUser;

  public JobFactory(List<String> users, Random random) {
    if (users.isEmpty()) {
      throw new IllegalArgumentException("at least one user is needed");
    }
    this.users = List.copyOf(users);
    this.random = random;
  }

  /** The next user's next job, of at most {@code maxUploads} uploads (at least 1). */
  public SimulatedJob next(int maxUploads) {
    String owner = users.get(nextUser);
    nextUser = (nextUser + 1) % users.size();
    if (maxUploads >= BATCH_SIZE && random.nextDouble() < BATCH_SHARE) {
      return batch(owner);
    }
    return new SingleUpload(owner, script(newId(), random.nextDouble() < VIDEO_SHARE));
  }

  private BatchUpload batch(String owner) {
    List<BatchFile> files = new ArrayList<>();
    List<UploadScript> scripts = new ArrayList<>();
    for (int i = 0; i < BATCH_SIZE; i++) {
      boolean video = random.nextDouble() < VIDEO_SHARE;
      String name =
          (video ? "VID_" : "IMG_")
              + (1000 + random.nextInt(9000))
              + (video ? ".MP4" : random.nextBoolean() ? ".HEIC" : ".JPG");
      long size = (video ? 8_000_000L : 400_000L) + random.nextInt(video ? 60_000_000 : 5_000_000);
      BatchFile file = new BatchFile(newId(), name, size);
      files.add(file);
      scripts.add(script(file.uploadId(), video));
    }
    return new BatchUpload(owner, newId(), files, scripts);
  }

  private UploadScript script(String uploadId, boolean video) {
    UploadScript script;
    if (random.nextDouble() < FAILURE_SHARE) {
      UploadStage[] stages = UploadStage.values();
      UploadStage lastStage = stages[random.nextInt(stages.length)];
      if (!video && lastStage == UploadStage.EXTRACTING_FRAMES) {
        lastStage = UploadStage.QUEUED;
      }
      script = UploadScript.failing(uploadId, video, lastStage, pick(ERRORS));
    } else {
      int auditScore = 65 + random.nextInt(35); // 0..100, an integer as the old client requires
      script = UploadScript.completing(uploadId, video, auditScore, pick(DESCRIPTIONS));
    }
    return random.nextDouble() < RETRY_SHARE ? script.withRetriedAnalysis() : script;
  }

  private String pick(List<String> choices) {
    return choices.get(random.nextInt(choices.size()));
  }

  private static String newId() {
    return UUID.randomUUID().toString();
  }
}
