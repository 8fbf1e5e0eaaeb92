package dev.runbook.runtime.http;

import dev.runbook.core.MetricSpec;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.engine.RunStore;
import dev.runbook.core.engine.StepRun;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.MetricPoint;
import dev.runbook.core.StoredResult;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.Step;
import dev.runbook.core.threshold.MetricThresholds;
import dev.runbook.core.threshold.Threshold;
import dev.runbook.incidents.FailedNotification;
import dev.runbook.core.escalation.IncidentDetails;
import dev.runbook.incidents.StoreIncidentService;
import dev.runbook.reports.ChartPoint;
import dev.runbook.reports.ReportCharts;
import dev.runbook.reports.ReportPage;
import dev.runbook.reports.Sparkline;
import dev.runbook.runtime.schedule.Scheduler;
import dev.runbook.store.SqliteHistory;
import dev.runbook.core.engine.RunState;
import dev.runbook.core.engine.StoredRun;
import dev.runbook.core.engine.StoredStep;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static dev.runbook.reports.HtmlText.escape;

/**
 * The daemon's {@code /status} page (runbook-format §9): on one screen that refreshes itself (a meta refresh, no
 * script), the open incidents (level, checks, age, acknowledged by), the runs paused for a confirmation with the
 * command that confirms them, each procedure's next and last run with its steps, every check's status with a
 * 24-hour sparkline of its primary metric (hourly averages), and the notifications not delivered yet. Everything is escaped; times
 * never wrap. Reading the store is bounded: past {@link #BUDGET} the remaining sparklines are left out (and the
 * page says so), so a slow store cannot hold the page. Thread-safe (each call reads afresh).
 */
public final class StatusPage {
    /** How often the page reloads itself, in seconds. */
    public static final int REFRESH_SECONDS = 30;
    /** The time the page may spend reading sparklines before it leaves the rest out. */
    public static final Duration BUDGET = Duration.ofSeconds(2);
    private static final int SPARK_POINTS = 140;

    private final Scheduler scheduler;
    private final RunStore store;
    private final StoreIncidentService incidents;
    private final Supplier<List<PausedRun>> paused;

    /**
     * @param store     the store (results not run by this daemon yet, and the sparklines), or null
     * @param incidents the store's incidents and outbox, or null (the page then says they are not available)
     * @param paused    the paused runs awaiting confirmation
     */
    public StatusPage(Scheduler scheduler, RunStore store, StoreIncidentService incidents,
                      Supplier<List<PausedRun>> paused) {
        this.scheduler = scheduler;
        this.store = store;
        this.incidents = incidents;
        this.paused = paused == null ? List::of : paused;
    }

    /** The page as of the scheduler's clock. */
    public String render() {
        Runbook rb = scheduler.runbook();
        Instant now = scheduler.clock().instant();
        String title = rb.title() != null ? rb.title() : rb.id();
        StringBuilder b = new StringBuilder(16384);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<link rel=\"icon\" href=\"data:,\">")
                .append("<title>").append(escape(title)).append(" — runbook status</title>\n<style>\n")
                .append(ReportPage.STYLE).append("\nmain{max-width:1180px}\n.muted{color:#57606a}\n")
                .append("code{background:#eef1f4;padding:1px 5px;border-radius:3px;white-space:nowrap}\n")
                .append("ol.steps{margin:0;padding-left:18px}\n</style></head><body><main class=\"status-page\">\n");
        b.append("<h1>").append(escape(title)).append("</h1>\n<p class=\"meta\">")
                .append(scheduler.alive() ? "Scheduler running" : "Scheduler stopped").append(" · zone ")
                .append(escape(rb.zone().getId())).append(" · now <span class=\"ts\">")
                .append(escape(Scheduler.format(ZonedDateTime.now(scheduler.clock())))).append("</span>")
                .append(" · refreshes every ").append(REFRESH_SECONDS).append(" s</p>\n");
        incidents(b, now);
        paused(b, rb);
        procedures(b, rb);
        checks(b, rb, now);
        undelivered(b, rb);
        b.append("<footer><a href=\"/metrics\">/metrics</a> · <a href=\"/health\">/health</a></footer>\n")
                .append("</main></body></html>\n");
        return b.toString();
    }

    private void incidents(StringBuilder b, Instant now) {
        b.append("<section id=\"incidents\"><h2>Open incidents</h2>\n");
        if (incidents == null) {
            b.append("<p class=\"muted\">Incidents are not available (no store).</p></section>\n");
            return;
        }
        List<Incident> open = read(incidents::open, List.of());
        if (open.isEmpty()) {
            b.append("<p class=\"muted\">None.</p></section>\n");
            return;
        }
        b.append("<table><thead><tr><th>Incident</th><th>Level</th><th>Checks</th><th>Opened</th><th>Age</th>")
                .append("<th>Acknowledged by</th></tr></thead><tbody>\n");
        for (Incident i : open) {
            Optional<IncidentDetails> d = read(() -> incidents.details(i.id()), Optional.empty());
            String levelTitle = d.map(IncidentDetails::levelTitle).orElse(null);
            String trigger = d.map(IncidentDetails::triggerStatus).orElse(null);
            String ack = d.map(IncidentDetails::acknowledgedBy).orElse(null);
            b.append("<tr><td class=\"num\">#").append(i.id()).append("</td><td class=\"status ")
                    .append(ReportPage.statusClass(trigger == null ? "CRITICAL" : trigger)).append("\">").append(escape(i.level()))
                    .append(levelTitle == null ? "" : " <span class=\"muted\">" + escape(levelTitle) + "</span>")
                    .append("</td><td>").append(escape(i.check())).append("</td><td class=\"ts\">")
                    .append(escape(Scheduler.format(i.openedAt().atZone(scheduler.runbook().zone()))))
                    .append("</td><td class=\"ts\">").append(escape(age(Duration.between(i.openedAt(), now))))
                    .append("</td><td>");
            if (i.state() == Incident.State.ACKNOWLEDGED) {
                b.append(escape(ack != null ? ack : "someone")).append(i.acknowledgedAt() == null ? ""
                        : " <span class=\"ts muted\">" + escape(Scheduler.format(i.acknowledgedAt()
                        .atZone(scheduler.runbook().zone()))) + "</span>");
            } else {
                b.append("<span class=\"status s-warning\">not acknowledged</span>");
            }
            b.append("</td></tr>\n");
        }
        b.append("</tbody></table></section>\n");
    }

    private void paused(StringBuilder b, Runbook rb) {
        List<PausedRun> runs = read(paused::get, List.of());
        b.append("<section id=\"paused\"><h2>Waiting for confirmation</h2>\n");
        if (runs.isEmpty()) {
            b.append("<p class=\"muted\">No run is waiting.</p></section>\n");
            return;
        }
        b.append("<table><thead><tr><th>Procedure</th><th>Waiting at</th><th>Since</th><th>Confirm with</th></tr>")
                .append("</thead><tbody>\n");
        for (PausedRun p : runs) {
            b.append("<tr><td>").append(escape(p.procedure())).append("</td><td>").append(escape(p.step()))
                    .append("</td><td class=\"ts\">").append(p.pausedAt() == null ? ""
                            : escape(Scheduler.format(p.pausedAt().atZone(rb.zone()))))
                    .append("</td><td><code>").append(escape(p.confirmCommand())).append("</code></td></tr>\n");
        }
        b.append("</tbody></table></section>\n");
    }

    private void procedures(StringBuilder b, Runbook rb) {
        b.append("<section id=\"procedures\"><h2>Procedures</h2>\n<table><thead><tr><th>Procedure / report</th>")
                .append("<th>Schedule</th><th>Next</th><th>Last run</th><th>Last status</th><th>Steps</th></tr>")
                .append("</thead><tbody>\n");
        List<String> scheduled = new ArrayList<>();
        for (Scheduler.Job j : scheduler.jobs()) {
            scheduled.add(j.id());
            Procedure p = j.kind() == Scheduler.Kind.PROCEDURE ? rb.procedures().get(j.id()) : null;
            // a run from cron, the launcher or another daemon is newer than this daemon's own last run
            StoredRun stored = p == null ? null : lastStored(rb, p.id());
            boolean fromStore = stored != null && (j.lastAt() == null || stored.startedAt().isAfter(j.lastAt()));
            RunResult last = j.lastRun();
            String st = fromStore ? stored.status().name() : last != null ? last.status().name() : "";
            b.append("<tr><td>").append(escape(j.title())).append(j.kind() == Scheduler.Kind.REPORT ? " (report)" : "")
                    .append("</td><td>").append(escape(String.join(", ", j.schedules().stream().map(Object::toString)
                            .toList()))).append("</td><td class=\"ts\">")
                    .append(j.next() == null ? "never" : escape(Scheduler.format(j.next())))
                    .append("</td><td class=\"ts\">");
            if (fromStore) {
                lastStoredRun(b, rb, stored);
            } else {
                b.append(j.lastAt() == null ? "not yet" : escape(Scheduler.format(j.lastAt().atZone(rb.zone()))))
                        .append(j.running() ? " (running)" : "");
            }
            b.append("</td><td class=\"status ").append(st.isEmpty() ? "" : ReportPage.statusClass(st)).append("\">")
                    .append(escape(fromStore || last != null ? st : j.lastMessage() == null ? "" : j.lastMessage()))
                    .append("</td><td>");
            if (fromStore) {
                storedSteps(b, p, stored);
            } else {
                steps(b, p, last);
            }
            b.append("</td></tr>\n");
        }
        for (Procedure p : rb.procedures().values()) {
            if (!scheduled.contains(p.id())) {
                StoredRun stored = lastStored(rb, p.id());
                String st = stored == null ? "" : stored.status().name();
                b.append("<tr><td>").append(escape(p.label())).append("</td><td class=\"muted\">no schedule</td>")
                        .append("<td class=\"ts\">on demand</td><td class=\"ts\">");
                if (stored == null) {
                    b.append("—");
                } else {
                    lastStoredRun(b, rb, stored);
                }
                b.append("</td><td class=\"status ").append(st.isEmpty() ? "" : ReportPage.statusClass(st))
                        .append("\">").append(escape(st)).append("</td><td>");
                storedSteps(b, p, stored);
                b.append("</td></tr>\n");
            }
        }
        b.append("</tbody></table></section>\n");
    }

    /** The newest stored run of {@code procedure} with its steps (run by anyone, anywhere), or null. */
    private StoredRun lastStored(Runbook rb, String procedure) {
        if (store == null || !(store.history() instanceof SqliteHistory h)) {
            return null;
        }
        return read(() -> h.lastRun(rb.id(), procedure).filter(r -> r.id() >= 0)
                .flatMap(r -> store.journal().run(rb.id(), r.id())).orElse(null), null);
    }

    /**
     * When a stored run started, by which trigger and on which host, and its state unless finished, with why it ended
     * when its process died (§6).
     */
    private static void lastStoredRun(StringBuilder b, Runbook rb, StoredRun r) {
        b.append(escape(Scheduler.format(r.startedAt().atZone(rb.zone())))).append(" <span class=\"muted\">(")
                .append(escape(r.trigger() == null ? "cli" : r.trigger()))
                .append(r.host() == null || r.host().isEmpty() ? "" : " on " + escape(r.host()))
                .append(r.state() == RunState.FINISHED ? "" : ", " + escape(r.state().word()))
                .append(r.message() == null ? "" : ": " + escape(r.message())).append(")</span>");
    }

    /** A stored run's steps with their statuses; the procedure's own steps when it has none stored. */
    private static void storedSteps(StringBuilder b, Procedure p, StoredRun r) {
        if (r == null || r.steps().isEmpty()) {
            steps(b, p, null);
            return;
        }
        b.append("<ol class=\"steps\">");
        for (StoredStep s : r.steps()) {
            String st = s.status() != null ? s.status().name() : s.outcome() != null
                    ? s.outcome().toUpperCase(java.util.Locale.ROOT) : "";
            b.append("<li>").append(escape(s.title())).append(st.isEmpty() ? "" : " <span class=\"status "
                    + ReportPage.statusClass(st) + "\">" + escape(st) + "</span>").append("</li>");
        }
        b.append("</ol>");
    }

    private static void steps(StringBuilder b, Procedure p, RunResult last) {
        if (last != null && !last.steps().isEmpty()) {
            b.append("<ol class=\"steps\">");
            for (StepRun s : last.steps()) {
                String st = s.status() != null ? s.status().name() : s.outcome() != null ? s.outcome().name() : "";
                b.append("<li>").append(escape(s.title())).append(st.isEmpty() ? "" : " <span class=\"status "
                        + ReportPage.statusClass(st) + "\">" + escape(st) + "</span>").append("</li>");
            }
            b.append("</ol>");
        } else if (p != null && !p.steps().isEmpty()) {
            b.append("<ol class=\"steps\">");
            for (Step s : p.steps()) {
                b.append("<li>").append(escape(s.title())).append("</li>");
            }
            b.append("</ol>");
        }
    }

    private void checks(StringBuilder b, Runbook rb, Instant now) {
        b.append("<section id=\"checks\"><h2>Checks</h2>\n<table><thead><tr><th>Check</th><th>Status</th><th>At</th>")
                .append("<th>Last 24 hours</th><th>Message</th></tr></thead><tbody>\n");
        Map<String, CheckRun> latest = scheduler.latest();
        long deadline = System.nanoTime() + BUDGET.toNanos();
        int skipped = 0;
        for (CheckDefinition c : rb.checks().values()) {
            CheckRun r = latest.get(c.id());
            String status = "";
            String at = "no result yet";
            String msg = "";
            if (r != null) {
                status = r.status().name();
                at = r.at() == null ? "" : Scheduler.format(r.at().atZone(rb.zone()));
                msg = r.message() == null ? "" : r.message();
            } else {
                Optional<StoredResult> s = read(() -> store == null ? Optional.<StoredResult>empty()
                        : store.history().latest(c.id()), Optional.empty());
                if (s.isPresent()) {
                    status = s.get().status().name();
                    at = Scheduler.format(s.get().at().atZone(rb.zone())) + " (before this start)";
                    msg = s.get().message() == null ? "" : s.get().message();
                }
            }
            b.append("<tr><td>").append(escape(c.title() != null ? c.title() : c.id())).append("</td><td class=\"status ")
                    .append(status.isEmpty() ? "" : ReportPage.statusClass(status)).append("\">").append(status)
                    .append("</td><td class=\"ts\">").append(escape(at)).append("</td><td>");
            if (System.nanoTime() < deadline) {
                b.append(sparkline(c, rb, now));
            } else {
                skipped++;
                b.append("<span class=\"muted\">—</span>");
            }
            b.append("</td><td>").append(escape(msg)).append("</td></tr>\n");
        }
        b.append("</tbody></table>\n");
        if (skipped > 0) {
            b.append("<p class=\"muted\">").append(skipped).append(" sparklines left out: reading the store took longer")
                    .append(" than ").append(BUDGET.toMillis()).append(" ms.</p>\n");
        }
        b.append("</section>\n");
    }

    private String sparkline(CheckDefinition c, Runbook rb, Instant now) {
        MetricSpec m = c.primaryMetric();
        if (m == null) {
            return "<span class=\"muted\">no metric</span>";
        }
        Instant from = now.minus(Duration.ofHours(24));
        List<ChartPoint> pts = read(() -> points(c.id(), m.name(), from, now, rb), List.of());
        MetricThresholds t = c.thresholds().get(m.name());
        return Sparkline.svg((c.title() != null ? c.title() : c.id()) + " " + m.name() + " over 24 h", pts, from, now,
                rb.zone(), level(t == null ? null : t.warning()), level(t == null ? null : t.critical()),
                ReportCharts.formatter(m.unit()));
    }

    /**
     * The metric over {@code [from, now]}: hourly averages (from the hourly rollups where they exist, so a check
     * run every minute costs 24 rows of count and sum, no histogram decoded) when the store is the SQLite history; otherwise the values
     * themselves, averaged down to {@value #SPARK_POINTS} points.
     */
    private List<ChartPoint> points(String check, String metric, Instant from, Instant now, Runbook rb) {
        List<ChartPoint> pts = new ArrayList<>();
        if (store == null) {
            return pts;
        }
        Instant to = now.plusMillis(1);
        if (store.history() instanceof SqliteHistory h) {
            for (MetricPoint p : h.hourlyMeans(check, metric, from, to)) {
                Instant end = p.at().truncatedTo(java.time.temporal.ChronoUnit.HOURS).plus(Duration.ofHours(1));
                Instant mid = p.at().plus(Duration.between(p.at(), end.isAfter(to) ? to : end).dividedBy(2));
                pts.add(new ChartPoint(mid.isAfter(now) ? now : mid, p.value()));
            }
            return pts;
        }
        List<MetricPoint> raw = store.history().series(check, metric, from, to);
        int per = Math.max(1, (raw.size() + SPARK_POINTS - 1) / SPARK_POINTS);
        for (int i = 0; i < raw.size(); i += per) {
            double sum = 0;
            int n = 0;
            for (int k = i; k < Math.min(raw.size(), i + per); k++) {
                sum += raw.get(k).value();
                n++;
            }
            pts.add(new ChartPoint(raw.get(Math.min(raw.size(), i + per) - 1).at(), sum / n));
        }
        return pts;
    }

    private static double level(Threshold t) {
        if (t instanceof Threshold.Bare b) {
            return b.value();
        }
        if (t instanceof Threshold.Comparison c) {
            return c.limit();
        }
        return Double.NaN;
    }

    private void undelivered(StringBuilder b, Runbook rb) {
        b.append("<section id=\"undelivered\"><h2>Undelivered notifications</h2>\n");
        if (incidents == null) {
            b.append("<p class=\"muted\">The outbox is not available (no store).</p></section>\n");
            return;
        }
        int pending = read(incidents::pendingNotifications, 0);
        List<FailedNotification> failed = read(incidents::failedNotifications, List.of());
        b.append("<p>").append(pending == 0 ? "No notification waits for a retry."
                : "<span class=\"status s-warning\">" + pending + (pending == 1 ? " notification waits" : " notifications wait")
                        + "</span> in the outbox for their next attempt.").append("</p>\n");
        if (!failed.isEmpty()) {
            b.append("<table><thead><tr><th>Failed</th><th>To</th><th>Kind</th><th>Subject</th><th>Attempts</th>")
                    .append("<th>Last error</th></tr></thead><tbody>\n");
            for (FailedNotification f : failed) {
                b.append("<tr><td class=\"ts status s-critical\">").append(f.failedAt() == null ? "failed"
                                : escape(Scheduler.format(f.failedAt().atZone(rb.zone()))))
                        .append("</td><td>").append(escape(f.to())).append(f.notifier() == null ? ""
                                : " <span class=\"muted\">(" + escape(f.notifier()) + ")</span>")
                        .append("</td><td>").append(escape(f.kind())).append("</td><td>").append(escape(f.subject()))
                        .append("</td><td class=\"num\">").append(f.attempts()).append("</td><td>")
                        .append(escape(f.lastError())).append("</td></tr>\n");
            }
            b.append("</tbody></table>\n");
        }
        b.append("</section>\n");
    }

    /** {@code 3d 4h}, {@code 2h 5m}, {@code 12m}: how long ago, to the minute. */
    static String age(Duration d) {
        long m = Math.max(0, d.toMinutes());
        if (m >= 1440) {
            return (m / 1440) + "d " + (m % 1440 / 60) + "h";
        }
        if (m >= 60) {
            return (m / 60) + "h " + (m % 60) + "m";
        }
        return m + "m";
    }

    private static <T> T read(Supplier<T> s, T fallback) {
        try {
            return s.get();
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
