package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.cli.browser.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

/**
 * {@code /status} served by {@code runbook daemon} in a separate process on 127.0.0.1 over a filled store, loaded
 * in headless chromium: nothing fetched from another origin, no console error, a sparkline for every check with a
 * metric, statuses coloured, timestamps on one line, markup from the runbook shown as text.
 */
@Timeout(300)
class StatusPageBrowserTest {
    @TempDir
    static Path dir;
    static HeadlessChromium browser;
    static Path seed;
    static Path evil;

    @BeforeAll
    static void fill() throws Exception {
        seed = BrowserFixtures.seed(dir.resolve("seed"));
        evil = BrowserFixtures.evil(dir.resolve("evil"));
        browser = HeadlessChromium.start(1280, 900);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theSeedsStatusPageShowsEveryCheckWithASparklineAndRefreshesItself() throws Exception {
        try (BrowserFixtures.Daemon d = new BrowserFixtures.Daemon(seed)) {
            browser.open(d.url("/status"));
            assertThat(browser.consoleErrors()).isEmpty();
            assertThat(browser.requests()).contains(d.url("/status"));
            assertThat(browser.requestsLeavingThePage()).isEmpty();
            assertThat(browser.find("meta[http-equiv=refresh]").getAttribute("content")).isEqualTo("30");
            List<WebElement> sparks = browser.findAll("#checks svg.spark polyline");
            assertThat(sparks).hasSizeGreaterThan(10);
            for (WebElement p : sparks) {
                assertThat(p.getAttribute("points")).matches("[0-9.]+,[0-9.]+( [0-9.]+,[0-9.]+)+");
            }
            assertThat(browser.findAll("#procedures tbody tr")).hasSizeGreaterThan(3);
            assertThat(browser.findAll("#procedures ol.steps li")).isNotEmpty();
            // timestamps never wrap: each is one line high
            for (WebElement ts : browser.findAll("#checks td.ts")) {
                assertThat(browser.computedStyle(ts, "white-space")).isEqualTo("nowrap");
            }
            Object lines = browser.script("const td = document.querySelector('#procedures td.ts');"
                    + " const r = document.createRange(); r.selectNodeContents(td); return r.getClientRects().length;");
            assertThat(((Number) lines).intValue()).isEqualTo(1);
            Path png = browser.screenshot("seed-status");
            assertThat(Files.size(png)).isGreaterThan(20_000);
        }
    }

    @Test
    void markupInTitlesStaysTextAndStatusesAreColoured() throws Exception {
        try (BrowserFixtures.Daemon d = new BrowserFixtures.Daemon(evil)) {
            browser.open(d.url("/status"));
            assertThat(browser.consoleErrors()).isEmpty();
            assertThat(browser.requestsLeavingThePage()).isEmpty();
            assertThat(browser.findAll("script")).isEmpty();
            assertThat(browser.findAll("img")).isEmpty();
            assertThat(browser.find("h1").getText()).isEqualTo("Markup <b>stays</b> text");
            assertThat(browser.find("#checks table").getText()).contains(BrowserFixtures.SCRIPT_TITLE);
            assertThat(browser.find("#procedures table").getText()).contains("Check <img src=x onerror=alert(3)>");
            WebElement warning = browser.find("#checks td.s-warning");
            assertThat(warning.getText()).isEqualTo("WARNING");
            assertThat(browser.computedStyle(warning, "color")).isEqualTo("rgb(154, 91, 0)");
            assertThat(browser.findAll("#checks svg.spark polyline")).hasSize(2);
            browser.screenshot("markup-status");
        }
    }
}
