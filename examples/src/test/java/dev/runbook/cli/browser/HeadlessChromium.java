package dev.runbook.cli.browser;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.json.Json;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A real browser for tests: Debian's {@code chromium}, headless, driven through Debian's {@code chromedriver} by
 * Selenium. It records what a person would not see but a test must: the console errors and every network request
 * the page made. Without the browser the test fails, saying which binary is missing and how to install it.
 *
 * <p>Chromium starts with a fresh profile and without its own background traffic (updates, sync, QUIC), which this
 * closed network would refuse and report as errors. Close it (try-with-resources) to stop the browser and its driver
 * and to remove the profile.
 */
public final class HeadlessChromium implements AutoCloseable {
    /** Debian's browser binary (package {@code chromium}). */
    public static final Path CHROMIUM = Path.of(System.getProperty("runbook.test.chromium", "/usr/bin/chromium"));
    /** Debian's driver binary (package {@code chromium-driver}). */
    public static final Path CHROMEDRIVER =
            Path.of(System.getProperty("runbook.test.chromedriver", "/usr/bin/chromedriver"));
    /** Where screenshots go, for a person to look at after the build. */
    public static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");

    private static final Json JSON = new Json();
    /**
     * Selenium looks for a CDP binding matching the browser's version and warns when it has none; this harness uses
     * chromedriver's own logs and {@code executeCdpCommand} only, so the warning is noise. Held so it stays set.
     */
    private static final java.util.logging.Logger CDP_FINDER =
            java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    private final ChromeDriver driver;
    private final Path profile;
    /** [url, documentURL] of every request seen since the last {@link #open}. */
    private final List<String[]> requests = new ArrayList<>();
    private final List<String> consoleErrors = new ArrayList<>();

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /**
     * Starts a headless chromium with a window of the given size.
     *
     * @throws AssertionError when {@link #CHROMIUM} or {@link #CHROMEDRIVER} is not installed
     */
    public static HeadlessChromium start(int width, int height) throws IOException {
        return start(width, height, CHROMIUM, CHROMEDRIVER);
    }

    /** Starts a headless browser from the given binaries (for tests of this harness). */
    public static HeadlessChromium start(int width, int height, Path chromium, Path chromedriver) throws IOException {
        requireBinary(chromium, "chromium");
        requireBinary(chromedriver, "chromium-driver");
        CDP_FINDER.setLevel(Level.SEVERE);
        Path profile = Files.createTempDirectory("runbook-chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(60))
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            return new HeadlessChromium(driver, profile);
        } catch (RuntimeException e) {
            service.stop();
            deleteTree(profile);
            throw e;
        }
    }

    private static void requireBinary(Path binary, String debianPackage) {
        if (!Files.isExecutable(binary)) {
            throw new AssertionError("browser tests need " + binary + " (not found or not executable): install it with"
                    + " `apt-get install -y " + debianPackage + "` (Debian's chromium and chromium-driver; .ci/run does"
                    + " this), or point -Drunbook.test." + (debianPackage.equals("chromium") ? "chromium" : "chromedriver")
                    + " at another binary");
        }
    }

    /** Opens an http(s) or file URL and waits until the page has loaded. */
    public HeadlessChromium open(String url) {
        drainLogs();
        requests.clear();
        consoleErrors.clear();
        driver.get(url);
        return this;
    }

    /** Opens a local file. */
    public HeadlessChromium open(Path file) {
        return open(file.toAbsolutePath().toUri().toString());
    }

    /** The URL the browser shows now. */
    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    /** The console errors (level SEVERE in the browser log) since the page was opened. */
    public List<String> consoleErrors() {
        drainLogs();
        return List.copyOf(consoleErrors);
    }

    /**
     * Every URL requested since the page was opened, the page itself included, in order. Requests made for the
     * browser's own pages ({@code documentURL} {@code chrome://…}: a fresh browser's new-tab page may still be
     * loading its resources when the first page is opened) are not the page's and are left out; everything else
     * counts, frames included.
     */
    public List<String> requests() {
        drainLogs();
        List<String> out = new ArrayList<>();
        for (String[] r : requests) {
            if (!r[1].startsWith("chrome://") && !r[1].startsWith("chrome-untrusted://")) {
                out.add(r[0]);
            }
        }
        return out;
    }

    /**
     * The requests that left the page's own origin: for an http page, any other scheme, host or port; for a file
     * page, anything but the file itself. {@code data:} URLs stay inside the page and are not counted.
     */
    public List<String> requestsLeavingThePage() {
        String page = currentUrl();
        URI origin = URI.create(page);
        List<String> out = new ArrayList<>();
        for (String r : requests()) {
            if (r.startsWith("data:")) {
                continue;
            }
            URI u = URI.create(r);
            boolean same = "file".equals(origin.getScheme())
                    ? stripFragment(r).equals(stripFragment(page))
                    : origin.getScheme().equals(u.getScheme()) && String.valueOf(origin.getHost()).equals(u.getHost())
                            && port(origin) == port(u);
            if (!same) {
                out.add(r);
            }
        }
        return out;
    }

    private static String stripFragment(String url) {
        int hash = url.indexOf('#');
        return hash < 0 ? url : url.substring(0, hash);
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equals(u.getScheme()) ? 443 : 80;
    }

    /** The first element matching a CSS selector; fails when there is none. */
    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /** Every element matching a CSS selector (possibly none). */
    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The computed value of a CSS property, as {@code getComputedStyle} gives it (colours as {@code rgb(…)}). */
    public String computedStyle(WebElement element, String property) {
        Object v = driver.executeScript("return getComputedStyle(arguments[0]).getPropertyValue(arguments[1]);",
                element, property);
        return String.valueOf(v);
    }

    /** Runs a script in the page and returns its result (for measurements a selector cannot make). */
    public Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    /** Saves a PNG of the page (the whole document height) under {@link #SCREENSHOTS} and returns its path. */
    public Path screenshot(String name) throws IOException {
        Object h = driver.executeScript(
                "return Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0);");
        long height = h instanceof Number n ? Math.min(n.longValue(), 8000) : 0;
        Map<String, Object> metrics = Map.of("width", driver.manage().window().getSize().getWidth(),
                "height", Math.max(height, 600), "deviceScaleFactor", 1, "mobile", false);
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", metrics);
        try {
            byte[] png = driver.getScreenshotAs(OutputType.BYTES);
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name.endsWith(".png") ? name : name + ".png");
            Files.write(file, png);
            return file;
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    /** The Selenium driver, for what this class does not offer. */
    public ChromeDriver driver() {
        return driver;
    }

    private void drainLogs() {
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                consoleErrors.add(e.getMessage());
            }
        }
        for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
            Map<String, Object> entry = JSON.toType(e.getMessage(), Json.MAP_TYPE);
            Object message = entry.get("message");
            if (message instanceof Map<?, ?> m && "Network.requestWillBeSent".equals(m.get("method"))
                    && m.get("params") instanceof Map<?, ?> params && params.get("request") instanceof Map<?, ?> req) {
                requests.add(new String[] {String.valueOf(req.get("url")), String.valueOf(params.get("documentURL"))});
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
