package io.feedbackpipeline.systemtests.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.systemtests.browser.Chromium;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** The console as a person uses it: by what it shows and what can be clicked, not by its code. */
final class ConsolePage {

    private final WebDriver driver;
    private final String url;

    ConsolePage(WebDriver driver, String gatewayUrl) {
        this.driver = driver;
        this.url = gatewayUrl + "/console";
    }

    /** A fresh tab state: no key stored, the sign-in form shown. */
    ConsolePage open() {
        driver.get(url + "/");
        ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
        driver.navigate().refresh();
        awaitShown("sign-in");
        assertThat(driver.findElement(By.id("views")).isDisplayed())
                .as("views before sign-in")
                .isFalse();
        return this;
    }

    ConsolePage signIn(String key) {
        WebElement field = driver.findElement(By.id("key"));
        field.clear();
        field.sendKeys(key);
        driver.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
        return this;
    }

    ConsolePage view(String name) {
        driver.findElement(By.cssSelector("[data-view='" + name + "']")).click();
        awaitShown(name);
        return this;
    }

    void awaitShown(String id) {
        try {
            within(
                    Duration.ofSeconds(10),
                    () -> assertThat(driver.findElement(By.id(id)).isDisplayed())
                            .as("#%s shown", id)
                            .isTrue());
        } catch (RuntimeException | AssertionError e) {
            try {
                Chromium.screenshot(driver, "failed-awaiting-" + id);
            } catch (java.io.IOException ignored) {
                // the message below says what failed
            }
            throw new AssertionError(
                    "#" + id + " not shown at " + driver.getCurrentUrl() + "; the page says: "
                            + driver.findElement(By.tagName("body")).getText(),
                    e);
        }
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    String attribute(String id, String name) {
        return driver.findElement(By.id(id)).getDomAttribute(name);
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    WebElement one(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    Object script(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    /** The cells of the row of a by-model or by-endpoint table, by field: count, positive, negative, ratio. */
    String cell(String table, String key, String field) {
        return one("#" + table + " tr[data-key='" + key + "'] td[data-field='" + field + "']")
                .getText();
    }

    WebDriver driver() {
        return driver;
    }

    static void within(Duration timeout, Runnable assertion) {
        Awaitility.await()
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .untilAsserted(assertion::run);
    }

    static <T> T eventually(Duration timeout, Supplier<T> value, java.util.function.Predicate<T> ready) {
        return Awaitility.await()
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(value::get, ready);
    }
}
