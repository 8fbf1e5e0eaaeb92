package dev.runbook.cli.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness itself: it must see what the page tests rely on it to see, or their "no errors" proves nothing. */
class HeadlessChromiumTest {
    private static HeadlessChromium browser;

    @BeforeAll
    static void start() throws Exception {
        browser = HeadlessChromium.start(1000, 700);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void seesConsoleErrorsRequestsLeavingThePageAndComputedStyle(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("page.html");
        Files.writeString(page, "<!doctype html><html><head><meta charset=utf-8><title>t</title>"
                + "<style>.crit{color:#b00020}</style></head><body><p class=crit>down</p>"
                + "<img src=\"http://127.0.0.1:9/outside.png\" alt=x>"
                + "<script>console.error('boom from the page')</script></body></html>");
        browser.open(page);
        assertThat(browser.consoleErrors()).anyMatch(e -> e.contains("boom from the page"));
        assertThat(browser.requestsLeavingThePage()).contains("http://127.0.0.1:9/outside.png");
        assertThat(browser.computedStyle(browser.find(".crit"), "color")).isEqualTo("rgb(176, 0, 32)");
        Path png = browser.screenshot("harness-self-test");
        assertThat(Files.size(png)).isGreaterThan(100);
        assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void aCleanFilePageHasNoErrorsAndNoRequestButItself(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("clean.html");
        Files.writeString(page, "<!doctype html><html><head><meta charset=utf-8><title>t</title></head>"
                + "<body><svg width=10 height=10><path d=\"M0 0L10 10\"/></svg></body></html>");
        browser.open(page);
        assertThat(browser.consoleErrors()).isEmpty();
        assertThat(browser.requests()).isNotEmpty();
        assertThat(browser.requestsLeavingThePage()).isEmpty();
    }

    @Test
    void aMissingBinaryFailsSayingWhichAndHowToInstallIt(@TempDir Path dir) {
        assertThatThrownBy(() -> HeadlessChromium.start(800, 600, dir.resolve("no-chromium"),
                HeadlessChromium.CHROMEDRIVER))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no-chromium")
                .hasMessageContaining("apt-get install -y chromium");
        assertThatThrownBy(() -> HeadlessChromium.start(800, 600, HeadlessChromium.CHROMIUM,
                dir.resolve("no-driver")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no-driver")
                .hasMessageContaining("apt-get install -y chromium-driver");
    }
}
