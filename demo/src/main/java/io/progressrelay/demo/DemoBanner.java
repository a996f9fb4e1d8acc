package io.progressrelay.demo;

import java.util.List;
import java.util.function.UnaryOperator;

/** The text the demo prints once it runs: what it runs on, and the pages to open. */
final class DemoBanner {
  private static final String RULE = "=".repeat(78);

  private DemoBanner() {}

  static String text(
      String storage,
      List<String> whyInMemory,
      boolean inMemory,
      List<String> users,
      UnaryOperator<String> userPageUrl,
      String adminPageUrl,
      boolean developmentSecret) {
    var text = new StringBuilder();
    text.append(RULE).append('\n');
    text.append(" Progress Relay DEMO: simulated uploads. NOT FOR PRODUCTION.\n");
    text.append(RULE).append('\n');
    if (inMemory) {
      text.append(" Running on IN-MEMORY adapters: nothing is kept after exit, events never touch")
          .append(" Redis,\n and /readyz reports the check \"")
          .append(InMemoryBackends.MODE_CHECK)
          .append("\". Why:\n");
      whyInMemory.forEach(why -> text.append("   - ").append(why).append('\n'));
    } else {
      text.append(" Running on ").append(storage).append(".\n");
    }
    text.append(" Simulated workers publish uploads of ")
        .append(String.join(", ", users))
        .append(": queued, extracting frames (videos), vision\n analysis, description audit,")
        .append(" embedding, indexing, then completed; some fail, some come\n in batches.")
        .append(" New uploads start every few seconds.\n\n");
    text.append(" Open in a browser:\n");
    int width = users.stream().mapToInt(String::length).max().orElse(0) + "'s uploads".length();
    for (String user : users) {
      text.append("   ")
          .append(pad(user + "'s uploads", width))
          .append("  ")
          .append(userPageUrl.apply(user))
          .append('\n');
    }
    text.append("   ").append(pad("admin", width)).append("  ").append(adminPageUrl).append('\n');
    text.append("\n Tokens are valid for ")
        .append(DemoRun.TOKEN_TTL.toHours())
        .append(" h")
        .append(developmentSecret ? ", signed with the public development secret" : "")
        .append(". Stop with Ctrl+C.\n");
    text.append(RULE);
    return text.toString();
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }
}
