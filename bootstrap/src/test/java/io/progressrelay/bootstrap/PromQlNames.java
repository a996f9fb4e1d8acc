package io.progressrelay.bootstrap;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects: what is left once strings, label matchers, ranges,
 * grouping clauses, function calls, keywords, numbers and Grafana variables are taken out.
 */
final class PromQlNames {
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^{}]*}");
  private static final Pattern RANGE = Pattern.compile("\\[[^\\[\\]]*]");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?\\w+}?");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "offset",
          "bool",
          "inf",
          "nan",
          "atan2");

  private PromQlNames() {}

  static Set<String> in(String expression) {
    String text = STRING.matcher(expression).replaceAll(" ");
    text = MATCHERS.matcher(text).replaceAll(" ");
    text = RANGE.matcher(text).replaceAll(" ");
    text = GROUPING.matcher(text).replaceAll(" ");
    text = VARIABLE.matcher(text).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher identifier = IDENTIFIER.matcher(text);
    while (identifier.find()) {
      String name = identifier.group();
      boolean partOfNumber =
          identifier.start() > 0 && Character.isDigit(text.charAt(identifier.start() - 1));
      boolean call = text.substring(identifier.end()).stripLeading().startsWith("(");
      if (!partOfNumber && !call && !KEYWORDS.contains(name.toLowerCase())) {
        names.add(name);
      }
    }
    return names;
  }
}
