package io.progressrelay.adapter.in.web;

import com.fasterxml.jackson.databind.JsonNode;

/** Picks required values out of a parsed body, naming the exact field when one is missing. */
final class JsonFields {
  private JsonFields() {}

  /** Requires {@code node} to be an object; {@code path} names it in the error ("" = the body). */
  static JsonNode requireObject(JsonNode node, String path) {
    if (!node.isObject()) {
      String what = path.isEmpty() ? "the request body" : "'" + path + "'";
      throw RequestRejectedException.invalidJson(
          path.isEmpty() ? null : path, what + " must be a JSON object");
    }
    return node;
  }

  /**
   * The string {@code object.name}; {@code path} is how the error names it, e.g. {@code
   * [3].ownerId}.
   */
  static String requireString(JsonNode object, String name, String path) {
    JsonNode value = object.get(name);
    if (value == null || value.isNull()) {
      throw RequestRejectedException.invalidJson(path, "'" + path + "' is required");
    }
    if (!value.isTextual()) {
      throw RequestRejectedException.invalidJson(path, "'" + path + "' must be a string");
    }
    return value.textValue();
  }
}
