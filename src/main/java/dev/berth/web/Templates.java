package dev.berth.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/**
 * The JTE templates of {@code src/main/jte}, compiled to classes in {@code dev.berth.web.templates}
 * at build time. Output is HTML-escaped unless a template marks a value as raw. Thread-safe.
 */
final class Templates {

  private final TemplateEngine engine =
      TemplateEngine.createPrecompiled(null, ContentType.Html, null, "dev.berth.web.templates");

  /** Renders {@code name}.jte with {@code parameters} and returns the document. */
  String render(String name, Map<String, Object> parameters) {
    StringOutput output = new StringOutput(8192);
    engine.render(name + ".jte", parameters, output);
    return output.toString();
  }
}
