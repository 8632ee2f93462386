package dev.ksim.classroom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Debian chromium the browser tests drive, headless, with the waits and screenshots they share.
 * Starting it skips the calling test class, saying why, where chromium or chromedriver is missing.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SHOTS = Path.of("target/classroom");

  private final WebDriver driver;

  private HeadlessChromium(WebDriver driver) {
    this.driver = driver;
  }

  static HeadlessChromium start() throws IOException {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "classroom page test skipped: no " + CHROMIUM + " or " + CHROMEDRIVER);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1600,1100");
    Files.createDirectories(SHOTS);
    return new HeadlessChromium(
        new ChromeDriver(
            new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(),
            options));
  }

  WebDriver driver() {
    return driver;
  }

  WebElement find(String id) {
    return driver.findElement(By.id(id));
  }

  /** Waits up to a minute of wall time for {@code condition}; fails naming {@code what}. */
  void waitFor(String what, BooleanSupplier condition) {
    new WebDriverWait(driver, Duration.ofSeconds(60))
        .withMessage(what)
        .until(b -> condition.getAsBoolean());
  }

  /** The page as it is now, written to target/classroom/NAME.png for a person to look at. */
  void screenshot(String name) throws IOException {
    byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    Files.write(SHOTS.resolve(name + ".png"), png);
  }

  @Override
  public void close() {
    driver.quit();
  }
}
