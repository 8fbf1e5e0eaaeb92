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
 * {@code runbook report … --format html} written by the launcher in a separate process over a filled store, then
 * opened from the file in headless chromium: nothing fetched, no console error, charts drawn, colours applied,
 * markup from the runbook shown as text. Screenshots go to target/browser-screenshots.
 */
@Timeout(300)
class HtmlReportBrowserTest {
    @TempDir
    static Path dir;
    static HeadlessChromium browser;
    static Path seedPage;
    static Path evilPage;

    @BeforeAll
    static void writeReports() throws Exception {
        Path seed = BrowserFixtures.seed(dir.resolve("seed"));
        Path evil = BrowserFixtures.evil(dir.resolve("evil"));
        seedPage = report(seed, "monthly", dir.resolve("seed-monthly.html"));
        evilPage = report(evil, "monthly", dir.resolve("evil-monthly.html"));
        browser = HeadlessChromium.start(1100, 900);
    }

    private static Path report(Path runbook, String id, Path out) throws Exception {
        Launch l = Launch.plain(runbook.resolveSibling("xdg")).timeoutSeconds(120);
        BrowserFixtures.env(runbook.getParent()).forEach(l::env);
        Launch.Outcome o = l.run(runbook.getParent(), "report", runbook.getFileName().toString(), id, "--format", "html",
                "--output", out.toString());
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(Files.readString(out)).startsWith("<!DOCTYPE html>");
        return out;
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theSeedsMonthlyReportDrawsItsChartsOfflineWithoutErrors() throws Exception {
        browser.open(seedPage);
        assertThat(browser.consoleErrors()).isEmpty();
        assertThat(browser.requestsLeavingThePage()).isEmpty();
        assertThat(browser.find("h1").getText()).startsWith("Monthly Operations Report — ");

        List<WebElement> series = browser.findAll("svg.chart path.series");
        assertThat(series).hasSizeGreaterThan(5);
        for (WebElement p : series) {
            assertThat(p.getAttribute("d")).matches("M[-0-9. ]+(L[-0-9. ]+)+.*");
        }
        // a drawn line has a length in the browser's own geometry, not only an attribute
        Object length = browser.script("return arguments[0].getTotalLength();", series.get(0));
        assertThat(((Number) length).doubleValue()).isGreaterThan(50);
        assertThat(browser.findAll("svg.timeline path.outage")).isNotEmpty();
        // the P1 opened in the outage is marked on the health check's timeline (and shows in the picture)
        assertThat(browser.findAll("svg.timeline path.incident")).isNotEmpty();
        assertThat(browser.findAll("svg.chart path.forecast")).isNotEmpty();
        assertThat(browser.findAll("svg.chart title")).hasSizeGreaterThan(5);
        assertThat(browser.findAll("svg.chart desc")).allSatisfy(d -> assertThat(d.getAttribute("textContent")).isNotBlank());
        WebElement critical = browser.find("svg.chart line.level-critical");
        assertThat(browser.computedStyle(critical, "stroke")).isEqualTo("rgb(198, 40, 40)");
        assertThat(browser.computedStyle(browser.find("body"), "font-family")).doesNotContain("Times");
        Path png = browser.screenshot("seed-monthly-report");
        assertThat(Files.size(png)).isGreaterThan(20_000);
    }

    @Test
    void markupInTitlesStaysTextAndStatusesAreColoured() throws Exception {
        browser.open(evilPage);
        assertThat(browser.consoleErrors()).isEmpty();
        assertThat(browser.requestsLeavingThePage()).isEmpty();
        assertThat(browser.findAll("script")).isEmpty();
        assertThat(browser.driver().getTitle()).startsWith("Monthly <script>alert(2)</script> — ");
        assertThat(browser.find("#section-services table").getText()).contains(BrowserFixtures.SCRIPT_TITLE);
        // the disks end the month near 84 %: Warning, in the warning colours
        WebElement warning = browser.find("#section-services td.s-warning");
        assertThat(warning.getText()).isEqualTo("Warning");
        assertThat(browser.computedStyle(warning, "color")).isEqualTo("rgb(154, 91, 0)");
        assertThat(browser.computedStyle(warning, "background-color")).isEqualTo("rgb(255, 244, 214)");
        assertThat(browser.findAll("svg.chart title")).anySatisfy(
                t -> assertThat(t.getAttribute("textContent")).contains(BrowserFixtures.SCRIPT_TITLE));
        browser.screenshot("markup-monthly-report");
    }
}
