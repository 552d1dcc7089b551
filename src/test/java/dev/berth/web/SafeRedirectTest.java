package dev.berth.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeRedirectTest {

  @ParameterizedTest
  @ValueSource(strings = {"/", "/settings/tokens", "/r/alice/app?tab=tags"})
  void path_localPath_isKept(String next) {
    assertThat(SafeRedirect.path(Optional.of(next), "/home")).isEqualTo(next);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "//evil.example/", "/\\evil.example", "https://evil.example/", "javascript:alert(1)",
        "settings", "/a\r\nSet-Cookie: x=y", ""
      })
  void path_foreignOrMalformed_usesFallback(String next) {
    assertThat(SafeRedirect.path(Optional.of(next), "/home")).isEqualTo("/home");
  }
}
