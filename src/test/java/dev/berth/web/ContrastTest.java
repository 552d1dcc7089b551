package dev.berth.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks the colour tokens of berth.css against WCAG 2.1 AA: a contrast ratio of at least 4.5:1
 * for each text colour on the backgrounds it is used on, in the light and the dark theme.
 */
class ContrastTest {

  private static final Path STYLESHEET = Path.of("src/main/resources/web/static/berth.css");
  private static final Pattern TOKEN = Pattern.compile("--(color-[a-z-]+):\\s*(#[0-9a-fA-F]{6})");
  private static final double AA_NORMAL_TEXT = 4.5;

  @ParameterizedTest
  @CsvSource({
    "color-text, color-bg",
    "color-text, color-surface",
    "color-text, color-code-bg",
    "color-muted, color-bg",
    "color-muted, color-surface",
    "color-muted, color-code-bg",
    "color-primary, color-surface",
    "color-primary, color-bg",
    "color-primary-text, color-primary",
    "color-primary-text, color-primary-hover",
    "color-danger, color-surface",
    "color-danger, color-danger-bg",
    "color-success, color-success-bg",
    "color-warning, color-warning-bg",
  })
  void pair_bothThemes_meetsAa(String foreground, String background) throws IOException {
    for (Map<String, String> theme : themes()) {
      double ratio = contrast(theme.get(foreground), theme.get(background));

      assertThat(ratio)
          .as("%s %s on %s %s", foreground, theme.get(foreground), background, theme.get(background))
          .isGreaterThanOrEqualTo(AA_NORMAL_TEXT);
    }
  }

  /** Returns the light tokens, and the dark tokens with the light ones as defaults. */
  private static List<Map<String, String>> themes() throws IOException {
    String css = Files.readString(STYLESHEET);
    int dark = css.indexOf("@media (prefers-color-scheme: dark)");
    assertThat(dark).as("berth.css has a dark theme").isPositive();
    Map<String, String> light = tokens(css.substring(0, dark));
    Map<String, String> darkTheme = new HashMap<>(light);
    darkTheme.putAll(tokens(css.substring(dark, css.indexOf("}\n}", dark))));
    assertThat(darkTheme.get("color-bg")).as("dark background").isNotEqualTo(light.get("color-bg"));
    return List.of(light, darkTheme);
  }

  private static Map<String, String> tokens(String css) {
    Map<String, String> tokens = new HashMap<>();
    Matcher matcher = TOKEN.matcher(css);
    while (matcher.find()) {
      tokens.put(matcher.group(1), matcher.group(2));
    }
    return tokens;
  }

  /** Returns the WCAG 2.1 contrast ratio of two sRGB colours written as {@code #rrggbb}. */
  static double contrast(String first, String second) {
    double a = luminance(first);
    double b = luminance(second);
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }

  private static double luminance(String hex) {
    int rgb = Integer.parseInt(hex.substring(1), 16);
    return 0.2126 * channel(rgb >> 16) + 0.7152 * channel(rgb >> 8) + 0.0722 * channel(rgb);
  }

  private static double channel(int value) {
    double c = (value & 0xff) / 255.0;
    return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }
}
