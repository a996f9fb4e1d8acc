package io.progressrelay.demo.browser;

import java.awt.Color;
import java.awt.image.BufferedImage;

/** Counts pixels of a screenshot, to check that something was drawn in a given colour. */
final class Pixels {
  private static final int TOLERANCE = 24; // per channel: antialiased edges still count

  private Pixels() {}

  /** Pixels within a small distance of {@code colour} (e.g. a chart series' fill). */
  static long near(BufferedImage image, Color colour) {
    long count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if (close(new Color(image.getRGB(x, y)), colour)) {
          count++;
        }
      }
    }
    return count;
  }

  /** Pixels not near {@code background}: anything drawn on it. */
  static long notNear(BufferedImage image, Color background) {
    return (long) image.getWidth() * image.getHeight() - near(image, background);
  }

  /** The pixel count of the whole image. */
  static long all(BufferedImage image) {
    return (long) image.getWidth() * image.getHeight();
  }

  private static boolean close(Color a, Color b) {
    return Math.abs(a.getRed() - b.getRed()) <= TOLERANCE
        && Math.abs(a.getGreen() - b.getGreen()) <= TOLERANCE
        && Math.abs(a.getBlue() - b.getBlue()) <= TOLERANCE;
  }
}
