package io.feedbackpipeline.systemtests.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven by its chromium-driver (../shared/BROWSER.md): both named explicitly, so
 * Selenium Manager never tries to download a browser or a driver. Missing on a developer's machine, the tests say
 * how to install them and are skipped; missing on CI (where .ci/run installs them), they fail.
 */
public final class Chromium {

    public static final Path BROWSER = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    public static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");

    private Chromium() {}

    public static WebDriver start(Path profile) {
        boolean present = Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
        String install = "apt-get install -y --no-install-recommends chromium chromium-driver";
        if (System.getenv("CI") != null) {
            assertThat(present)
                    .as("CI needs Debian's chromium and chromium-driver: " + install)
                    .isTrue();
        }
        assumeTrue(present, "no headless Chromium here; install it with: " + install);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--lang=en-US",
                "--user-data-dir=" + profile.toAbsolutePath());
        // The browser's console, so a test can read what Chromium says about a refused request (CORS).
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 900));
        return driver;
    }

    /** Saves what the browser shows as {@code target/browser-screenshots/NAME.png}. */
    public static Path screenshot(WebDriver driver, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }
}
