package dev.berth.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The languages the web UI ships, with the tag used in the language cookie and in {@code lang}. */
public enum Language {
  ENGLISH("en", "English", Locale.ENGLISH, "en"),
  SIMPLIFIED_CHINESE("zh-CN", "中文", Locale.SIMPLIFIED_CHINESE, "zh_CN");

  private final String tag;
  private final String nativeName;
  private final Locale locale;
  private final String bundleSuffix;

  Language(String tag, String nativeName, Locale locale, String bundleSuffix) {
    this.tag = tag;
    this.nativeName = nativeName;
    this.locale = locale;
    this.bundleSuffix = bundleSuffix;
  }

  /** Returns the BCP 47 tag, such as {@code zh-CN}, used in the cookie and the {@code lang} attribute. */
  public String tag() {
    return tag;
  }

  /** Returns the language's name in itself, for the language switch. */
  public String nativeName() {
    return nativeName;
  }

  public Locale locale() {
    return locale;
  }

  /** Returns the suffix of the message file, such as {@code zh_CN} in {@code messages_zh_CN}. */
  String bundleSuffix() {
    return bundleSuffix;
  }

  /** Returns the language whose tag is {@code tag}, ignoring case. */
  public static Optional<Language> byTag(String tag) {
    for (Language language : values()) {
      if (language.tag.equalsIgnoreCase(tag)) {
        return Optional.of(language);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the best language for an {@code Accept-Language} header. Any Chinese range except
   * Traditional ones ({@code zh-TW}, {@code zh-HK}, {@code zh-Hant}) picks Simplified Chinese,
   * since it is the only Chinese the UI ships; a malformed header counts as absent.
   */
  static Optional<Language> fromAcceptLanguage(String header) {
    List<Locale.LanguageRange> ranges;
    try {
      ranges = Locale.LanguageRange.parse(header);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    List<Locale.LanguageRange> sorted = new ArrayList<>(ranges);
    sorted.removeIf(range -> range.getWeight() <= 0);
    for (Locale.LanguageRange range : sorted) {
      String name = range.getRange().toLowerCase(Locale.ROOT);
      if (name.equals("en") || name.startsWith("en-")) {
        return Optional.of(ENGLISH);
      }
      if (name.equals("zh") || name.startsWith("zh-")) {
        boolean traditional =
            name.startsWith("zh-tw") || name.startsWith("zh-hk") || name.startsWith("zh-hant");
        if (!traditional) {
          return Optional.of(SIMPLIFIED_CHINESE);
        }
      }
    }
    return Optional.empty();
  }
}
