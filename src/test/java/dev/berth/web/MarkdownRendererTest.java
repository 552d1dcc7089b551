package dev.berth.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownRendererTest {

  @Test
  void toSafeHtml_formatting_kept() {
    String html =
        MarkdownRenderer.toSafeHtml(
            "# Title\n\n*em* **strong** `code`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
                + "[docs](https://example.com/docs)\n\n```sh\ndocker run x\n```\n");

    assertThat(html).contains("<h1>Title</h1>", "<em>em</em>", "<strong>strong</strong>");
    assertThat(html).contains("<table>", "<td>1</td>", "<code class=\"language-sh\">");
    assertThat(html).contains("href=\"https://example.com/docs\"").contains("nofollow").contains("noopener");
  }

  @Test
  void toSafeHtml_script_removed() {
    String html = MarkdownRenderer.toSafeHtml("hi <script>alert(1)</script>\n\n<style>*{}</style>");

    assertThat(html).doesNotContain("<script").doesNotContain("alert(1)").doesNotContain("<style");
  }

  @Test
  void toSafeHtml_eventHandlers_removed() {
    String html =
        MarkdownRenderer.toSafeHtml(
            "<img src=\"https://example.com/a.png\" onerror=\"alert(1)\">"
                + " <a href=\"https://example.com\" onclick=\"alert(2)\">x</a>");

    assertThat(html).contains("src=\"https://example.com/a.png\"");
    assertThat(html).doesNotContain("onerror").doesNotContain("onclick").doesNotContain("alert");
  }

  @Test
  void toSafeHtml_javascriptLinks_removed() {
    String html =
        MarkdownRenderer.toSafeHtml(
            "[a](javascript:alert(1)) <a href=\"JaVaScRiPt:alert(2)\">b</a>"
                + " [c](data:text/html,<script>alert(3)</script>)");

    assertThat(html.toLowerCase()).doesNotContain("javascript:").doesNotContain("data:");
    assertThat(html).contains("a").contains("b");
  }

  @Test
  void toSafeHtml_images_onlyHttpsWithoutReferrer() {
    String html =
        MarkdownRenderer.toSafeHtml(
            "![badge](https://img.example/badge.svg) ![plain](http://img.example/a.png)"
                + " <img src=\"javascript:alert(1)\"> <img src=\"data:image/png;base64,AAAA\">");

    assertThat(html)
        .contains("<img referrerpolicy=\"no-referrer\" src=\"https://img.example/badge.svg\"");
    assertThat(html).doesNotContain("http://img.example").doesNotContain("javascript:");
    assertThat(html).doesNotContain("data:image");
  }

  @Test
  void toSafeHtml_formsAndFrames_removed() {
    String html =
        MarkdownRenderer.toSafeHtml(
            "<iframe src=\"https://example.com\"></iframe><form action=\"/x\"><input></form>");

    assertThat(html).doesNotContain("<iframe").doesNotContain("<form").doesNotContain("<input");
  }

  @Test
  void toSafeHtml_chineseText_kept() {
    assertThat(MarkdownRenderer.toSafeHtml("## 使用方法\n\n运行镜像。"))
        .contains("<h2>使用方法</h2>", "<p>运行镜像。</p>");
  }
}
