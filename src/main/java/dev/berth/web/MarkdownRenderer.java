package dev.berth.web;

import java.util.List;
import java.util.regex.Pattern;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * Turns a repository overview written in Markdown into HTML that is safe to put in a page. The
 * Markdown may contain raw HTML, so the rendered result goes through an allow-list sanitiser:
 * formatting, headings, lists, tables, code, images and links survive; scripts, styles, event
 * handler attributes, forms and frames do not. Links keep only {@code http}, {@code https} and
 * {@code mailto} URLs, so {@code javascript:} links are dropped, and images keep only {@code
 * https} sources, loaded without a referrer.
 * Thread-safe.
 */
public final class MarkdownRenderer {

  private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
  private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
  private static final HtmlRenderer RENDERER =
      HtmlRenderer.builder().extensions(EXTENSIONS).build();

  /**
   * Image sources must be {@code https} URLs: the page's Content-Security-Policy allows other sites'
   * images only over {@code https:}, and an {@code http:} image would be mixed content.
   */
  private static final Pattern HTTPS_IMAGE = Pattern.compile("(?i)https://\\S+");

  private static final PolicyFactory POLICY =
      new HtmlPolicyBuilder()
          .allowElements(
              "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i",
              "del", "s", "code", "pre", "blockquote", "ul", "ol", "li", "table", "thead",
              "tbody", "tr", "th", "td", "a", "img", "details", "summary", "sup", "sub", "kbd")
          .allowUrlProtocols("http", "https", "mailto")
          .allowAttributes("href", "title").onElements("a")
          .requireRelsOnLinks("nofollow", "noopener", "noreferrer")
          .allowAttributes("alt", "title").onElements("img")
          .allowAttributes("src").matching(HTTPS_IMAGE).onElements("img")
          .allowAttributes("align").matching(Pattern.compile("left|center|right")).onElements("th", "td")
          .allowAttributes("start").matching(Pattern.compile("[0-9]{1,9}")).onElements("ol")
          .allowAttributes("class").matching(Pattern.compile("language-[a-zA-Z0-9_+-]{1,40}"))
              .onElements("code")
          .toFactory();

  private MarkdownRenderer() {}

  /** Returns the sanitised HTML of {@code markdown}; an empty string for empty input. */
  public static String toSafeHtml(String markdown) {
    String html = RENDERER.render(PARSER.parse(markdown));
    // The sanitiser writes every kept image as "<img " and escapes "<" in text, so this adds the
    // attribute to images only. Without a referrer, image hosts do not learn which page was read.
    return POLICY.sanitize(html).replace("<img ", "<img referrerpolicy=\"no-referrer\" ");
  }
}
