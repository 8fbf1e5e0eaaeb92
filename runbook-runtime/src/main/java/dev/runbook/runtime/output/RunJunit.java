package dev.runbook.runtime.output;

import dev.runbook.core.Status;
import dev.runbook.core.engine.ActionRun;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.engine.StepRun;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * {@code run --format junit}: JUnit XML with a test case per check — WARNING/CRITICAL a {@code <failure>},
 * UNKNOWN an {@code <error>}, skipped/waived/maintenance {@code <skipped/>} — plus a test case per procedure
 * step that counts on its own (a failed action, an unconfirmed manual step). Valid against Jenkins' JUnit schema,
 * junit-10.xsd (runbook-format §9 [1.1]). Stateless and thread-safe.
 */
public final class RunJunit {
    private RunJunit() {
    }

    /** The XML document of a run. */
    public static String render(RunResult run) {
        int failures = 0;
        int errors = 0;
        int skipped = 0;
        StringBuilder cases = new StringBuilder();
        String suite = run.runbook() + (run.procedure() == null ? "" : "." + run.procedure());
        for (CheckRun r : run.results()) {
            String why = Outputs.uncounted(r);
            cases.append("    <testcase classname=\"").append(esc(suite)).append("\" name=\"").append(esc(r.check()))
                    .append("\" time=\"").append(seconds(r.duration().toNanos())).append("\">\n");
            String text = r.message() + actions(r);
            if (why != null) {
                skipped++;
                cases.append("      <skipped message=\"").append(esc(why + ": " + r.status() + " " + r.message()))
                        .append("\"/>\n");
            } else if (r.status() == Status.WARNING || r.status() == Status.CRITICAL) {
                failures++;
                cases.append("      <failure type=\"").append(r.status()).append("\" message=\"").append(esc(r.message()))
                        .append("\">").append(esc(text)).append("</failure>\n");
            } else if (r.status() == Status.UNKNOWN) {
                errors++;
                cases.append("      <error type=\"UNKNOWN\" message=\"").append(esc(r.message())).append("\">")
                        .append(esc(text)).append("</error>\n");
            }
            cases.append("      <system-out>").append(esc(r.status() + " " + text)).append("</system-out>\n");
            cases.append("    </testcase>\n");
        }
        int tests = run.results().size();
        for (StepRun s : Outputs.countedSteps(run.steps())) {
            tests++;
            cases.append("    <testcase classname=\"").append(esc(suite + ".steps")).append("\" name=\"")
                    .append(esc(s.index() + ". " + s.title())).append("\" time=\"")
                    .append(seconds(s.duration().toNanos())).append("\">\n");
            String tag = s.status() == Status.UNKNOWN ? "error" : "failure";
            if (s.status() == Status.UNKNOWN) {
                errors++;
            } else {
                failures++;
            }
            cases.append("      <").append(tag).append(" type=\"").append(s.status()).append("\" message=\"")
                    .append(esc(s.message())).append("\"/>\n");
            cases.append("    </testcase>\n");
        }
        String ts = run.startedAt().toOffsetDateTime().truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                // junit-10.xsd has no skipped on <testsuites>, only on <testsuite> (runbook-format §9 [1.1])
                + "<testsuites name=\"runbook\" tests=\"" + tests + "\" failures=\"" + failures + "\" errors=\"" + errors
                + "\" time=\"" + seconds(run.duration().toNanos()) + "\">\n"
                + "  <testsuite name=\"" + esc(suite) + "\" tests=\"" + tests + "\" failures=\"" + failures
                + "\" errors=\"" + errors + "\" skipped=\"" + skipped + "\" time=\"" + seconds(run.duration().toNanos())
                + "\" timestamp=\"" + ts + "\">\n"
                + "    <properties><property name=\"status\" value=\"" + run.status() + "\"/>"
                + (run.operator() == null ? "" : "<property name=\"operator\" value=\"" + esc(run.operator()) + "\"/>")
                + "</properties>\n"
                + cases
                + "  </testsuite>\n</testsuites>\n";
    }

    private static String actions(CheckRun r) {
        StringBuilder b = new StringBuilder();
        for (ActionRun a : r.actions()) {
            b.append("\n  ").append(a.step()).append(": ").append(a.outcome().word());
            if (!a.message().isEmpty()) {
                b.append(" - ").append(a.message());
            }
        }
        return b.toString();
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }

    /** Escapes text for XML attributes and content; drops characters XML 1.0 cannot carry. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': b.append("&amp;"); break;
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '"': b.append("&quot;"); break;
                case '\'': b.append("&apos;"); break;
                default:
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        b.append('?');
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.toString();
    }
}
