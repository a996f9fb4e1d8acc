package io.progressrelay.bench.suite;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** Draws the sweep as a PNG: p99 latency against rate, both on log scales, one line per server. */
final class LatencyPlot {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 560;
  private static final int LEFT = 80;
  private static final int RIGHT = 170;
  private static final int TOP = 50;
  private static final int BOTTOM = 70;
  private static final double MIN_RATE = 1_000;
  private static final double MAX_RATE = 100_000;
  private static final double MIN_MS = 0.1;
  private static final double MAX_MS = 10_000;
  private static final Color[] COLORS = {
    new Color(0x1b5e20),
    new Color(0x1565c0),
    new Color(0xc62828),
    new Color(0x6a1b9a),
    new Color(0x81c784),
    new Color(0xef6c00)
  };

  static void write(Results results, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    var image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    axes(g);
    int index = 0;
    for (Map.Entry<String, List<Measurement>> sweep : results.sweeps.entrySet()) {
      Color color = COLORS[index % COLORS.length];
      line(g, sweep.getValue(), color);
      g.setColor(color);
      g.fillRect(WIDTH - RIGHT + 15, TOP + 10 + index * 22, 14, 4);
      g.setColor(Color.DARK_GRAY);
      g.drawString(sweep.getKey(), WIDTH - RIGHT + 35, TOP + 16 + index * 22);
      index++;
    }
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  private static void axes(Graphics2D g) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(new Color(0xeeeeee));
    for (double rate : new double[] {1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5}) {
      int x = x(rate);
      g.drawLine(x, TOP, x, HEIGHT - BOTTOM);
    }
    for (double ms = MIN_MS; ms <= MAX_MS; ms *= 10) {
      g.drawLine(LEFT, y(ms), WIDTH - RIGHT, y(ms));
    }
    g.setColor(Color.GRAY);
    g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
    g.setColor(Color.DARK_GRAY);
    for (double rate : new double[] {1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5}) {
      String label = rate >= 1e3 ? (int) (rate / 1e3) + "k" : Integer.toString((int) rate);
      g.drawString(label, x(rate) - 8, HEIGHT - BOTTOM + 18);
    }
    for (double ms = MIN_MS; ms <= MAX_MS; ms *= 10) {
      g.drawString(ms < 1 ? "0.1" : Integer.toString((int) ms), LEFT - 40, y(ms) + 4);
    }
    g.drawString("events per second (1:1, log scale)", LEFT + 220, HEIGHT - 25);
    g.drawString("p99 ms (log)", 10, TOP - 15);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString("1:1 fan-out: p99 latency against rate", LEFT, 28);
    g.setColor(new Color(0xd32f2f));
    g.setStroke(
        new BasicStroke(
            1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
    g.drawLine(LEFT, y(50), WIDTH - RIGHT, y(50));
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.drawString("50 ms", WIDTH - RIGHT - 40, y(50) - 4);
  }

  private static void line(Graphics2D g, List<Measurement> steps, Color color) {
    g.setColor(color);
    g.setStroke(new BasicStroke(2.2f));
    int lastX = -1;
    int lastY = -1;
    for (Measurement m : steps) {
      double p99 = m.millis(99);
      if (Double.isNaN(p99)) {
        continue;
      }
      int x = x(m.rate());
      int y = y(Math.max(MIN_MS, Math.min(MAX_MS, p99)));
      if (lastX >= 0) {
        g.drawLine(lastX, lastY, x, y);
      }
      if (m.lost() + m.reordered() > 0) {
        g.drawLine(x - 5, y - 5, x + 5, y + 5); // a cross marks a step that lost events
        g.drawLine(x - 5, y + 5, x + 5, y - 5);
      } else {
        g.fillOval(x - 4, y - 4, 8, 8);
      }
      lastX = x;
      lastY = y;
    }
  }

  private static int x(double rate) {
    double f = Math.log(rate / MIN_RATE) / Math.log(MAX_RATE / MIN_RATE);
    return LEFT + (int) (f * (WIDTH - LEFT - RIGHT));
  }

  private static int y(double ms) {
    double f = Math.log(ms / MIN_MS) / Math.log(MAX_MS / MIN_MS);
    return HEIGHT - BOTTOM - (int) (f * (HEIGHT - TOP - BOTTOM));
  }

  private LatencyPlot() {}
}
