package dev.berth.web;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, with small helpers for forms
 * and screenshots. Screenshots go to {@code target/screenshots/LANGUAGE/NAME.png}.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  static final Dimension DESKTOP = new Dimension(1280, 900);
  static final Dimension PHONE = new Dimension(375, 812);

  private final ChromeDriver driver;
  private final URI base;

  private Browser(ChromeDriver driver, URI base) {
    this.driver = driver;
    this.base = base;
  }

  /**
   * Starts the browser for pages under {@code base}, sending {@code acceptLanguage} (tags without
   * weights, such as {@code zh-CN,zh}) as a browser set to those languages would. Skips the test when Chromium or chromedriver is not installed; {@code
   * scripts/test} installs both.
   */
  static Browser open(URI base, String acceptLanguage) {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "browser tests need Debian's chromium and chromium-driver packages");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        // Tests run as root in containers, where Chromium's sandbox cannot start.
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--hide-scrollbars",
        // A comma-separated list of tags without weights, such as zh-CN,zh.
        "--accept-lang=" + acceptLanguage);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(DESKTOP);
    return new Browser(driver, base);
  }

  ChromeDriver driver() {
    return driver;
  }

  /** Opens {@code path} on the server under test. */
  void open(String path) {
    driver.get(base.resolve(path).toString());
  }

  String path() {
    return URI.create(driver.getCurrentUrl()).getPath();
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  /** Types {@code text} into the field with id {@code id}, replacing what it contained. */
  void type(String id, String text) {
    WebElement field = driver.findElement(By.id(id));
    field.clear();
    field.sendKeys(text);
  }

  /** Clicks the element matched by {@code css} and waits for the next page to load. */
  void submit(String css) {
    WebElement button = find(css);
    button.click();
    new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> isGone(button));
  }

  /**
   * Returns whether {@code element} left the document because a new page loaded. Chromedriver
   * reports that either as a stale element or, while the old page unloads, as an inspector error
   * saying the node does not belong to the document.
   */
  private static boolean isGone(WebElement element) {
    try {
      element.isEnabled();
      return false;
    } catch (StaleElementReferenceException e) {
      return true;
    } catch (WebDriverException e) {
      if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
        return true;
      }
      throw e;
    }
  }

  /** Returns the text of the element matched by {@code css}. */
  String text(String css) {
    return find(css).getText();
  }

  String title() {
    return driver.getTitle();
  }

  /** Returns the page's {@code <html lang>}, such as {@code zh-CN}. */
  String lang() {
    return find("html").getAttribute("lang");
  }

  /** Saves a screenshot of the window as {@code target/screenshots/LANGUAGE/NAME.png}. */
  Path screenshot(String name) {
    Path target = SCREENSHOTS.resolve(lang()).resolve(name + ".png");
    try {
      Files.createDirectories(target.getParent());
      File taken = driver.getScreenshotAs(OutputType.FILE);
      Files.copy(taken.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to save screenshot " + target, e);
    }
    return target;
  }

  /** Resizes the window, such as to {@link #PHONE}. */
  void resize(Dimension size) {
    driver.manage().window().setSize(size);
  }

  @Override
  public void close() {
    driver.quit();
  }
}
