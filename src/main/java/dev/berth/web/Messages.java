package dev.berth.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The UI texts of one language, from {@code web/messages_<suffix>.properties} read as UTF-8.
 * Texts with arguments use {@link MessageFormat} patterns such as {@code {0}}. Thread-safe.
 */
public final class Messages {

  private static final Map<Language, Messages> LOADED = new EnumMap<>(Language.class);

  static {
    for (Language language : Language.values()) {
      LOADED.put(language, new Messages(language, load(language)));
    }
  }

  private final Language language;
  private final Properties texts;

  private Messages(Language language, Properties texts) {
    this.language = language;
    this.texts = texts;
  }

  /** Returns the texts of {@code language}. */
  public static Messages of(Language language) {
    return LOADED.get(language);
  }

  /** Returns the file name of a language's messages on the class path. */
  static String resourceName(Language language) {
    return "web/messages_" + language.bundleSuffix() + ".properties";
  }

  private static Properties load(Language language) {
    String name = resourceName(language);
    Properties properties = new Properties();
    try (InputStream in = Messages.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("message file " + name + " is missing from the class path");
      }
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("failed to read message file " + name, e);
    }
    return properties;
  }

  public Language language() {
    return language;
  }

  /**
   * Returns the text of {@code key}, with {@code arguments} put into its placeholders.
   *
   * @throws IllegalArgumentException when the key does not exist, so a typo fails the page and the
   *     tests instead of showing a key to users
   */
  public String get(String key, Object... arguments) {
    String pattern = texts.getProperty(key);
    if (pattern == null) {
      throw new IllegalArgumentException(
          "message key " + key + " is missing from " + resourceName(language));
    }
    if (arguments.length == 0) {
      return pattern;
    }
    return new MessageFormat(pattern, language.locale()).format(arguments);
  }

  /** Returns whether {@code key} exists. */
  public boolean has(String key) {
    return texts.containsKey(key);
  }

  /** Returns every key, sorted. */
  public Set<String> keys() {
    return new TreeSet<>(texts.stringPropertyNames());
  }
}
