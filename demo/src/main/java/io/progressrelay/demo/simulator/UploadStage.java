package io.progressrelay.demo.simulator;

/**
 * The stages an upload goes through in the real workers, in order, with the percent, status and
 * message they publish (frames are extracted from videos only).
 */
public enum UploadStage {
  QUEUED("queued", 0, "analyzing", "Queued for analysis"),
  EXTRACTING_FRAMES("extracting_frames", 10, "analyzing", "Extracting video frames"),
  VISION_ANALYSIS("vision_analysis", 20, "analyzing", "Analyzing image content"),
  DESCRIPTION_AUDIT("description_audit", 50, "analyzing", "Checking description quality"),
  EMBEDDING_GENERATION("embedding_generation", 60, "embedding", "Generating embedding"),
  INDEXING("indexing", 90, "embedding", "Indexing for search");

  private final String code;
  private final int percent;
  private final String status;
  private final String message;

  UploadStage(String code, int percent, String status, String message) {
    this.code = code;
    this.percent = percent;
    this.status = status;
    this.message = message;
  }

  /** The name in the payload's {@code stage}, such as {@code vision_analysis}. */
  public String code() {
    return code;
  }

  public int percent() {
    return percent;
  }

  /** The payload's {@code status}: {@code analyzing}, then {@code embedding}. */
  public String status() {
    return status;
  }

  /** The payload's {@code message}; videos are "Analyzing frames" in vision analysis. */
  public String message(boolean video) {
    return video && this == VISION_ANALYSIS ? "Analyzing frames" : message;
  }

  /** True from the stage on which the workers report the description audit's score. */
  public boolean hasAuditScore() {
    return ordinal() >= EMBEDDING_GENERATION.ordinal();
  }
}
