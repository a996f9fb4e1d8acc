package io.progressrelay.bootstrap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A scrape of {@code /metrics} parsed into samples, to read one series by name and labels. */
final class PrometheusText {
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private record Sample(String name, Map<String, String> labels, double value) {}

  private final List<Sample> samples;

  private PrometheusText(List<Sample> samples) {
    this.samples = samples;
  }

  static PrometheusText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      String name;
      Map<String, String> labels = new HashMap<>();
      String rest;
      if (brace >= 0 && brace < space) {
        int close = line.lastIndexOf('}');
        name = line.substring(0, brace);
        Matcher label = LABEL.matcher(line.substring(brace + 1, close));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
        rest = line.substring(close + 1).trim();
      } else {
        name = line.substring(0, space);
        rest = line.substring(space + 1).trim();
      }
      samples.add(new Sample(name, labels, number(rest.split(" ")[0])));
    }
    return new PrometheusText(samples);
  }

  private static double number(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  /** The name of every sample, as PromQL selects it (histograms' with their suffixes). */
  Set<String> names() {
    Set<String> names = new TreeSet<>();
    samples.forEach(sample -> names.add(sample.name()));
    return names;
  }

  boolean has(String name) {
    return samples.stream().anyMatch(sample -> sample.name().equals(name));
  }

  /** The sum of every series named {@code name} whose labels include {@code labels}. */
  double sum(String name, String... labels) {
    return matching(name, labels).stream().mapToDouble(Sample::value).sum();
  }

  /** The one series named {@code name} whose labels include {@code labels} (name, value, ...). */
  double value(String name, String... labels) {
    List<Sample> matching = matching(name, labels);
    if (matching.size() != 1) {
      Map<String, String> wanted = wanted(labels);
      throw new AssertionError(
          matching.size() + " series named " + name + " with labels " + wanted + ": " + matching);
    }
    return matching.get(0).value();
  }

  private List<Sample> matching(String name, String... labels) {
    Map<String, String> wanted = wanted(labels);
    return samples.stream()
        .filter(sample -> sample.name().equals(name))
        .filter(sample -> sample.labels().entrySet().containsAll(wanted.entrySet()))
        .toList();
  }

  private static Map<String, String> wanted(String... labels) {
    Map<String, String> wanted = new HashMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      wanted.put(labels[i], labels[i + 1]);
    }
    return wanted;
  }
}
