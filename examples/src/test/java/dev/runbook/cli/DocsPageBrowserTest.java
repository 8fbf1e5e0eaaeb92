package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.cli.browser.HeadlessChromium;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

/**
 * {@code runbook docs --format html} of the seed runbook, written to a file by the launcher in a separate process
 * and loaded in a real headless chromium: no console error, no request leaving the page, every section present,
 * statuses in colour, a check title with {@code <script>} rendered as text and never run; a screenshot under
 * {@code target/browser-screenshots/} for a person to look at. One browser for the class.
 */
class DocsPageBrowserTest {
    static final Path SEED_DIR = Path.of("ai-estimator").toAbsolutePath();

    @TempDir
    static Path dir;
    private static HeadlessChromium browser;

    @BeforeAll
    static void start() throws Exception {
        browser = HeadlessChromium.start(1280, 900);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    /** Runs {@code runbook docs FILE --format html} and writes what it prints to {@code name}. */
    private static Path docsHtml(Path runbook, String name) throws Exception {
        Launch.Outcome o = Launch.plain(dir.resolve("xdg")).env("RUNBOOK_STATE_DIR", dir.resolve("state").toString())
                .run(dir, "docs", runbook.toString(), "--format", "html");
        assertThat(o.exit()).as(o.err()).isZero();
        Path page = dir.resolve(name);
        Files.writeString(page, o.out());
        return page;
    }

    @Test
    void theSeedsDocumentRendersOfflineWithEverySectionAndStatusColours() throws Exception {
        Path page = docsHtml(SEED_DIR.resolve("runbook.yaml"), "seed-docs.html");
        browser.open(page);
        assertThat(browser.consoleErrors()).isEmpty();
        assertThat(browser.requests()).isNotEmpty();
        assertThat(browser.requestsLeavingThePage()).isEmpty();
        for (String id : List.of("overview", "contacts", "schedule", "daily-operations", "weekly-operations",
                "monthly-operations", "procedure-morning-check",
                "procedure-evening-check", "procedure-weekly-check", "procedure-monthly-check", "incident-response",
                "escalation", "slo", "reports", "maintenance", "procedure-planned-maintenance", "checklists")) {
            assertThat(browser.findAll("#" + id)).as("section #" + id).hasSize(1);
        }
        assertThat(browser.find("h1").getText()).isEqualTo("AI Estimator System — Operations Runbook");
        assertThat(browser.findAll("nav a")).hasSizeGreaterThanOrEqualTo(10);
        assertThat(browser.findAll("table")).hasSizeGreaterThanOrEqualTo(4);
        WebElement critical = browser.find("span.critical");
        assertThat(critical.getText()).isEqualTo("● Critical");
        assertThat(browser.computedStyle(critical, "color")).isEqualTo("rgb(207, 34, 46)");
        assertThat(browser.computedStyle(browser.find("span.ok"), "color")).isEqualTo("rgb(26, 127, 55)");
        assertThat(browser.computedStyle(browser.find("span.warning"), "color")).isEqualTo("rgb(154, 103, 0)");
        assertThat(browser.find("body").getText()).contains("● Normal < 80 %, ● Warning 80–90 %, ● Critical ≥ 90 %");
        Path png = browser.screenshot("docs-seed");
        assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
        assertThat(Files.size(png)).isGreaterThan(10_000);
        // the top of the page (overview, contacts, schedule, the morning check), small enough for docs/images
        BufferedImage full = ImageIO.read(png.toFile());
        BufferedImage top = full.getSubimage(0, 0, full.getWidth(), Math.min(full.getHeight(), 1600));
        assertThat(ImageIO.write(top, "png", png.resolveSibling("docs-seed-top.png").toFile())).isTrue();
    }

    @Test
    void aScriptInACheckTitleStaysText() throws Exception {
        Path copy = dir.resolve("injected");
        Files.createDirectories(copy);
        Files.copy(SEED_DIR.resolve("escalation.yaml"), copy.resolve("escalation.yaml"));
        String seed = Files.readString(SEED_DIR.resolve("runbook.yaml"));
        String injected = seed.replace("title: Disk usage\n",
                "title: \"Disk <script>window.injected = 1; console.error('ran')</script> usage\"\n");
        assertThat(injected).isNotEqualTo(seed);
        Files.writeString(copy.resolve("runbook.yaml"), injected);
        browser.open(docsHtml(copy.resolve("runbook.yaml"), "injected-docs.html"));
        assertThat(browser.findAll("script")).isEmpty();
        assertThat(browser.script("return typeof window.injected;")).isEqualTo("undefined");
        assertThat(browser.consoleErrors()).isEmpty();
        assertThat(browser.find("main").getText())
                .contains("Disk <script>window.injected = 1; console.error('ran')</script> usage");
        assertThat(browser.requestsLeavingThePage()).isEmpty();
    }
}
