package io.progressrelay.demo.browser;

import io.progressrelay.demo.simulator.UploadStage;

/** How the user page labels a stage: "vision_analysis" reads "Vision analysis". */
final class StageLabels {
  private StageLabels() {}

  static String of(UploadStage stage) {
    String words = stage.code().replace('_', ' ');
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }
}
