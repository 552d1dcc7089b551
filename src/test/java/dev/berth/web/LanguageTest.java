package dev.berth.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LanguageTest {

  @ParameterizedTest
  @CsvSource({
    "'zh-CN,zh;q=0.9,en;q=0.8', zh-CN",
    "'zh', zh-CN",
    "'zh-Hans-CN', zh-CN",
    "'en-US,en;q=0.9', en",
    "'fr-FR,zh-CN;q=0.5', zh-CN",
    "'de-DE,en;q=0.3,zh;q=0.2', en",
    "'zh-TW,en;q=0.5', en",
  })
  void fromAcceptLanguage_picksFirstSupported(String header, String expected) {
    assertThat(Language.fromAcceptLanguage(header).map(Language::tag)).contains(expected);
  }

  @ParameterizedTest
  @CsvSource({"'fr-FR,de'", "'zh-HK'", "';;;'", "'zh;q=0'"})
  void fromAcceptLanguage_unsupported_isEmpty(String header) {
    assertThat(Language.fromAcceptLanguage(header)).isEqualTo(Optional.empty());
  }

  @ParameterizedTest
  @CsvSource({"zh-CN, SIMPLIFIED_CHINESE", "ZH-cn, SIMPLIFIED_CHINESE", "en, ENGLISH"})
  void byTag_ignoresCase(String tag, Language expected) {
    assertThat(Language.byTag(tag)).contains(expected);
  }
}
