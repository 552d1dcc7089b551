package dev.berth.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Checks that both languages have the same texts and that every key the UI uses exists. */
class MessagesTest {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d+}");

  /** Literal keys in templates ({@code ctx.t("key"...)}) and Java ({@code get("key"...)}). */
  private static final Pattern USED_KEY =
      Pattern.compile("(?:\\bt|\\bget|\"|\\.)\\(?\"([a-z][a-z0-9_]*(?:\\.[a-z0-9_]+)+)\"");

  private static final Messages ENGLISH = Messages.of(Language.ENGLISH);
  private static final Messages CHINESE = Messages.of(Language.SIMPLIFIED_CHINESE);

  @Test
  void keys_sameInBothLanguages() {
    Set<String> onlyEnglish = new TreeSet<>(ENGLISH.keys());
    onlyEnglish.removeAll(CHINESE.keys());
    Set<String> onlyChinese = new TreeSet<>(CHINESE.keys());
    onlyChinese.removeAll(ENGLISH.keys());

    assertThat(onlyEnglish).as("keys missing from messages_zh_CN.properties").isEmpty();
    assertThat(onlyChinese).as("keys missing from messages_en.properties").isEmpty();
  }

  @Test
  void placeholders_sameInBothLanguages() {
    for (String key : ENGLISH.keys()) {
      if (CHINESE.has(key)) {
        assertThat(placeholders(CHINESE.get(key)))
            .as("placeholders of %s", key)
            .isEqualTo(placeholders(ENGLISH.get(key)));
      }
    }
  }

  @Test
  void texts_notBlank() {
    for (Language language : Language.values()) {
      Messages messages = Messages.of(language);
      for (String key : messages.keys()) {
        assertThat(messages.get(key)).as("%s in %s", key, language).isNotBlank();
      }
    }
  }

  @Test
  void texts_noNamedPlaceholders() {
    // Messages fill only numbered arguments, so a {name} would reach the page as it is.
    Pattern named = Pattern.compile("\\{[A-Za-z_]");
    for (Language language : Language.values()) {
      Messages messages = Messages.of(language);
      for (String key : messages.keys()) {
        assertThat(named.matcher(messages.get(key)).find()).as("%s in %s", key, language).isFalse();
      }
    }
  }

  @Test
  void usedKeys_existInEnglish() throws IOException {
    Set<String> missing = new TreeSet<>();
    for (Path file : sources()) {
      Matcher matcher = USED_KEY.matcher(Files.readString(file));
      while (matcher.find()) {
        String key = matcher.group(1);
        if (looksLikeMessageKey(key) && !ENGLISH.has(key)) {
          missing.add(key + " (" + file.getFileName() + ")");
        }
      }
    }
    assertThat(missing).as("message keys used but not defined").isEmpty();
  }

  @Test
  void dynamicKeys_existInEnglish() {
    for (String scope : new String[] {"public_read", "read", "write", "admin"}) {
      assertThat(ENGLISH.has("tokens.scope." + scope)).as("tokens.scope." + scope).isTrue();
    }
    for (String ordering : ExplorePages.ORDERINGS) {
      String key = "explore.sort." + ordering.replace("-", "");
      assertThat(ENGLISH.has(key)).as(key).isTrue();
    }
    for (String status : new String[] {"active", "expired", "revoked"}) {
      assertThat(ENGLISH.has("tokens.status." + status)).as("tokens.status." + status).isTrue();
    }
  }

  @Test
  void get_missingKey_namesKeyAndFile() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ENGLISH.get("no.such.key"))
        .hasMessageContaining("no.such.key")
        .hasMessageContaining("messages_en.properties");
  }

  @Test
  void get_withArguments_formatsPattern() {
    assertThat(ENGLISH.get("tokens.expiry.days", 30)).isEqualTo("in 30 days");
    assertThat(CHINESE.get("tokens.expiry.days", 30)).isEqualTo("30 天后过期");
  }

  private static boolean looksLikeMessageKey(String key) {
    // File names such as berth.css and Java names such as dev.berth.web are not message keys.
    return !key.matches(".*\\.(css|js|svg|jte|properties|png)$") && !key.startsWith("dev.")
        && !key.startsWith("web.") && !key.startsWith("java.");
  }

  private static Set<Path> sources() throws IOException {
    Set<Path> files = new TreeSet<>();
    for (Path root : new Path[] {Path.of("src/main/jte"), Path.of("src/main/java/dev/berth/web")}) {
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(Files::isRegularFile).forEach(files::add);
      }
    }
    return files;
  }

  private static Set<String> placeholders(String text) {
    Set<String> found = new TreeSet<>();
    Matcher matcher = PLACEHOLDER.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group());
    }
    return found;
  }
}
