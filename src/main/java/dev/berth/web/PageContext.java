package dev.berth.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * What the layout and every template read besides their own model: texts in the request's
 * language, the signed-in user, the CSRF token for forms and the static file URLs.
 */
public final class PageContext {

  private final Messages messages;
  private final Optional<String> username;
  private final boolean administrator;
  private final String csrfToken;
  private final String currentPath;
  private final String requestId;
  private final String registryHost;
  private final boolean signupEnabled;
  private final StaticAssets assets;

  PageContext(
      Messages messages,
      Optional<String> username,
      boolean administrator,
      String csrfToken,
      String currentPath,
      String requestId,
      String registryHost,
      boolean signupEnabled,
      StaticAssets assets) {
    this.messages = messages;
    this.username = username;
    this.administrator = administrator;
    this.csrfToken = csrfToken;
    this.currentPath = currentPath;
    this.requestId = requestId;
    this.registryHost = registryHost;
    this.signupEnabled = signupEnabled;
    this.assets = assets;
  }

  /** Returns the text of {@code key} in the page's language, with arguments filled in. */
  public String t(String key, Object... arguments) {
    return messages.get(key, arguments);
  }

  /** Returns the page's language tag for {@code <html lang>}, such as {@code zh-CN}. */
  public String lang() {
    return messages.language().tag();
  }

  public boolean signedIn() {
    return username.isPresent();
  }

  /** Returns the signed-in user's name, or an empty string when no user is signed in. */
  public String username() {
    return username.orElse("");
  }

  public boolean administrator() {
    return administrator;
  }

  /** Returns the value of the hidden {@code _csrf} field every form sends. */
  public String csrf() {
    return csrfToken;
  }

  public String requestId() {
    return requestId;
  }

  /** Returns the host and port for image names in {@code docker} commands. */
  public String registryHost() {
    return registryHost;
  }

  public boolean signupEnabled() {
    return signupEnabled;
  }

  /** Returns the versioned URL of a file under {@code /static/}. */
  public String asset(String name) {
    return assets.url(name);
  }

  /** Returns the path and query of this page, for a return link after sign-in. */
  public String currentPath() {
    return currentPath;
  }

  /** Returns the languages other than the page's, for the language switch. */
  public List<Language> otherLanguages() {
    return java.util.Arrays.stream(Language.values())
        .filter(language -> language != messages.language())
        .toList();
  }

  /** Returns the link that switches to {@code language} and comes back to this page. */
  public String languageUrl(Language language) {
    return "/language?lang="
        + language.tag()
        + "&next="
        + URLEncoder.encode(currentPath, StandardCharsets.UTF_8);
  }

  /** Returns {@code value} encoded for a query parameter. */
  public String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
