package dev.runbook.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.core.ManualClock;
import dev.runbook.core.model.Runbook;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report: one self-contained page with tables, status colours and inline-SVG charts, all text escaped. */
class HtmlReportTest {
    static final LocalDate DAY = LocalDate.of(2026, 10, 21);
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @TempDir
    Path dir;
    Runbook rb;
    Path store;
    ManualClock clock;

    @BeforeEach
    void setUp() throws Exception {
        rb = ReportsTestAccess.load(dir);
        store = dir.resolve("state/ops.db");
        ReportsTestAccess.history(store, rb);
        clock = new ManualClock(ReportsTestAccess.tokyo(10, 21, 17, 30), TOKYO);
    }

    @Test
    void theDailyPageAsksForNothingOutsideItself() {
        String html = ReportFixture.render(rb, store, "daily", DAY, "html", clock);
        assertThat(html).doesNotContain("<script", "<link", "src=", "@import", "url(", "href=");
        // the only URL is SVG's namespace name, which is never fetched
        Matcher m = Pattern.compile("https?://[^\"\\s]+").matcher(html);
        while (m.find()) {
            assertThat(m.group()).isEqualTo("http://www.w3.org/2000/svg");
        }
        assertThat(html).contains("<style>", "<table");
    }

    @Test
    void statusesAreColouredAndFiguresAreTables() {
        String html = ReportFixture.render(rb, store, "daily", DAY, "html", clock);
        assertThat(html).contains("<th scope=\"row\">Disk usage</th><td class=\"status s-warning\">Warning</td>",
                "<th scope=\"row\">Health check</th><td class=\"status s-ok\">Normal</td>");
        assertThat(html).contains(".s-warning{", ".s-critical{");
        assertThat(html).contains("<td class=\"ts\">2026-10-21 15:00</td>");
    }

    @Test
    void eachMetricIsAChartWithItsLevelsTitleAxesAndTextAlternative() {
        String html = ReportFixture.render(rb, store, "daily", DAY, "html", clock);
        List<String> charts = svgs(html);
        assertThat(charts).isNotEmpty();
        String disk = charts.stream().filter(c -> c.contains("(disk.used)")).findFirst().orElseThrow();
        assertThat(disk).contains("role=\"img\"", "<title id=", "<desc id=", "class=\"level level-warning\"", "percent", "time (Asia/Tokyo)");
        assertThat(pathData(disk, "series")).matches("M[0-9. ]+L[0-9. ]+L[0-9. ]+");
        assertThat(disk).contains("3 values; lowest 64%, highest 66%, last 66%");
    }

    @Test
    void theMonthHasAnAvailabilityTimelineWithItsOutageAndIncidentAndAForecastForTheDisk() {
        String html = ReportFixture.render(rb, store, "monthly", LocalDate.of(2026, 11, 1), "html", clock);
        String timeline = svgs(html).stream().filter(c -> c.contains("Availability of health")).findFirst().orElseThrow();
        assertThat(pathData(timeline, "outage")).isNotEmpty();
        assertThat(timeline).contains("1 outage (2026-10-21 12:00 – 2026-10-21 12:20)", "class=\"incident\"",
                "P2 #1 opened 2026-10-21 12:00", "date (Asia/Tokyo)");
        String disk = svgs(html).stream().filter(c -> c.contains("with its forecast")).findFirst().orElseThrow();
        assertThat(pathData(disk, "series")).isNotEmpty();
        assertThat(pathData(disk, "forecast")).startsWith("M").contains("L");
        // P95 against its SLO's limit
        String p95 = svgs(html).stream().filter(c -> c.contains("(access.p95)")).findFirst().orElseThrow();
        assertThat(pathData(p95, "series")).isNotEmpty();
        assertThat(p95).contains(">slo latency 5s</text>");
    }

    @Test
    void aCriticalLevelIsARedLine() {
        Instant t0 = Instant.parse("2026-10-01T00:00:00Z");
        String svg = new TimeSeriesChart("c", "t", "percent", t0, t0.plusSeconds(3600), TOKYO)
                .format(ReportCharts.formatter(dev.runbook.core.quantity.Unit.PERCENT))
                .series(List.of(new ChartPoint(t0, 50), new ChartPoint(t0.plusSeconds(60), 95)))
                .level("warning", 80).level("critical", 90).svg();
        assertThat(svg).containsPattern("class=\"level level-critical\"[^>]*stroke=\"#c62828\"")
                .contains(">critical 90%</text>", "; warning at 80%; critical at 90%</desc>");
    }

    @Test
    void textFromTheRunbookOrTheStoreIsEscapedEverywhere() {
        ReportPeriod p = Reports.period(rb, "daily", DAY);
        ObjectNode json = new ObjectMapper().createObjectNode();
        ObjectNode c = json.putArray("checks").addObject();
        c.put("check", "x");
        c.put("title", "<script>alert(1)</script>");
        c.put("status", "CRITICAL");
        c.put("at", "2026-10-21T10:00:00+09:00");
        c.put("message", "\"quoted\" & <b>bold</b>");
        Report r = new Report("daily", "<img src=x onerror=alert(2)>", "ops", p, Instant.now(),
                List.of(new Report.Section("services", "Service <Status>", List.of("x: Critical"), json),
                        new Report.Section("notes", "Notes", List.of("alice: <script>alert(3)</script>"),
                                new ObjectMapper().createObjectNode())));
        String chart = new TimeSeriesChart("c1", "<script>alert(4)</script>", "%", p.from(), p.to(), TOKYO).svg();
        String html = ReportPage.render(r, Map.of("notes", List.of(chart)));
        assertThat(html).doesNotContain("<script", "<img", "<b>bold");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt;",
                "&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;", "Service &lt;Status&gt;",
                "&lt;script&gt;alert(3)&lt;/script&gt;", "<title id=\"c1-t\">&lt;script&gt;alert(4)&lt;/script&gt;</title>");
    }

    @Test
    void aForecastEndsWhereTheTrendReachesTheLevel() {
        Instant t0 = Instant.parse("2026-10-01T00:00:00Z");
        List<ChartPoint> pts = new ArrayList<>();
        for (int h = 0; h <= 10; h++) {
            pts.add(new ChartPoint(t0.plusSeconds(3600L * h), 50 + h));
        }
        List<ChartPoint> f = ReportCharts.forecast(pts, 55 + 10 + 5);
        assertThat(f).hasSize(2);
        assertThat(f.get(0).value()).isCloseTo(60, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(f.get(1).value()).isCloseTo(70, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(f.get(1).at()).isEqualTo(t0.plusSeconds(3600L * 20));
        // a falling trend never reaches it: the line goes one period ahead
        List<ChartPoint> falling = pts.stream().map(p -> new ChartPoint(p.at(), 100 - p.value())).toList();
        assertThat(ReportCharts.forecast(falling, 70).get(1).at()).isEqualTo(t0.plusSeconds(3600L * 20));
    }

    @Test
    void theValueAxisHasAFewGridLinesWhateverTheValues() {
        Instant t0 = Instant.parse("2026-10-01T00:00:00Z");
        for (double v : new double[] {-1e12, -3, 0, 1e-9, 7, 1e15}) {
            String svg = new TimeSeriesChart("c", "t", "", t0, t0.plusSeconds(3600), TOKYO)
                    .series(List.of(new ChartPoint(t0, v), new ChartPoint(t0.plusSeconds(60), v))).svg();
            int grid = svg.split("stroke=\"#e3e6ea\"", -1).length - 1;
            assertThat(grid).as("grid lines for %s", v).isBetween(2, 7);
        }
    }

    static List<String> svgs(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<svg.*?</svg>", Pattern.DOTALL).matcher(html);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    static String pathData(String svg, String cls) {
        Matcher m = Pattern.compile("<path class=\"" + cls + "\"[^>]* d=\"([^\"]*)\"").matcher(svg);
        return m.find() ? m.group(1) : "";
    }
}
