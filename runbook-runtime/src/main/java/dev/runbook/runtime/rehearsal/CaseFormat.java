package dev.runbook.runtime.rehearsal;

import dev.runbook.runtime.rehearsal.CaseReport.CaseOutcome;
import dev.runbook.runtime.rehearsal.CaseReport.Failure;
import dev.runbook.yaml.Problem;
import java.util.List;
import java.util.Locale;

/**
 * The outputs of {@code runbook test} (runbook-format §11): {@code text} (each case PASS or FAIL, and per failed
 * expectation its {@code file:line}, what was expected and what happened), {@code junit} (a test case per case, a
 * {@code <failure>} per failed case, an {@code <error>} for one that could not run; valid against Jenkins'
 * junit-10.xsd) and {@code tap} (TAP version 13). Stateless and thread-safe.
 */
public enum CaseFormat {
    TEXT, JUNIT, TAP;

    /** Parses {@code text}, {@code junit} or {@code tap}. */
    public static CaseFormat parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown format '" + s + "' (expected text, junit or tap)");
        }
    }

    /** Renders the report in this format. */
    public String render(CaseReport r) {
        return switch (this) {
            case TEXT -> text(r);
            case JUNIT -> junit(r);
            case TAP -> tap(r);
        };
    }

    private static String text(CaseReport r) {
        StringBuilder b = new StringBuilder();
        for (CaseOutcome c : r.cases()) {
            b.append(c.passed() ? "PASS  " : "FAIL  ").append(oneLine(c.name())).append("  (").append(c.where())
                    .append(")\n");
            if (c.error() != null) {
                b.append("  ").append(oneLine(c.error())).append('\n');
            }
            for (Failure f : c.failures()) {
                b.append("  ").append(f.where()).append(": ").append(oneLine(f.what())).append('\n')
                        .append("    expected: ").append(oneLine(f.expected())).append('\n')
                        .append("    actual:   ").append(oneLine(f.actual())).append('\n');
            }
        }
        long failed = r.failedCount();
        b.append(r.cases().size()).append(" case").append(r.cases().size() == 1 ? "" : "s").append(", ")
                .append(r.cases().size() - failed).append(" passed, ").append(failed).append(" failed");
        long errors = r.problems().stream().filter(p -> p.severity() == Problem.Severity.ERROR).count();
        if (errors > 0) {
            b.append(", ").append(errors).append(" problem").append(errors == 1 ? "" : "s").append(" in case files");
        }
        return b.append('\n').toString();
    }

    private static String junit(CaseReport r) {
        long failures = r.cases().stream().filter(c -> c.error() == null && !c.failures().isEmpty()).count();
        long errors = r.cases().stream().filter(c -> c.error() != null).count()
                + r.problems().stream().filter(p -> p.severity() == Problem.Severity.ERROR).count();
        int tests = r.cases().size() + (int) r.problems().stream().filter(p -> p.severity() == Problem.Severity.ERROR).count();
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<testsuites name=\"runbook test\" tests=\"").append(tests).append("\" failures=\"").append(failures)
                .append("\" errors=\"").append(errors).append("\">\n");
        b.append("  <testsuite name=\"").append(esc(r.runbook())).append("\" tests=\"").append(tests)
                .append("\" failures=\"").append(failures).append("\" errors=\"").append(errors)
                .append("\" skipped=\"0\">\n");
        for (CaseOutcome c : r.cases()) {
            b.append("    <testcase name=\"").append(esc(c.name())).append("\" classname=\"")
                    .append(esc(String.valueOf(c.file()))).append("\"");
            if (c.passed()) {
                b.append("/>\n");
                continue;
            }
            b.append(">\n");
            if (c.error() != null) {
                b.append("      <error type=\"error\" message=\"").append(esc(c.error())).append("\"/>\n");
            } else {
                Failure f0 = c.failures().get(0);
                b.append("      <failure type=\"expectation\" message=\"").append(esc(f0.where() + ": " + f0.what()))
                        .append("\">");
                for (Failure f : c.failures()) {
                    b.append(esc(f.toString())).append('\n');
                }
                b.append("</failure>\n");
            }
            b.append("    </testcase>\n");
        }
        for (Problem p : r.problems()) {
            if (p.severity() == Problem.Severity.ERROR) {
                b.append("    <testcase name=\"").append(esc(String.valueOf(p))).append("\" classname=\"")
                        .append(esc(String.valueOf(p.file()))).append("\">\n      <error type=\"invalid\" message=\"")
                        .append(esc(p.message())).append("\"/>\n    </testcase>\n");
            }
        }
        return b.append("  </testsuite>\n</testsuites>\n").toString();
    }

    private static String tap(CaseReport r) {
        List<Problem> errors = r.problems().stream().filter(p -> p.severity() == Problem.Severity.ERROR).toList();
        StringBuilder b = new StringBuilder("TAP version 13\n1..").append(r.cases().size() + errors.size()).append('\n');
        int n = 0;
        for (CaseOutcome c : r.cases()) {
            n++;
            b.append(c.passed() ? "ok " : "not ok ").append(n).append(" - ").append(tapClean(c.name())).append('\n');
            if (c.error() != null) {
                b.append("# ").append(oneLine(c.error())).append('\n');
            }
            for (Failure f : c.failures()) {
                b.append("# ").append(f.where()).append(": ").append(oneLine(f.what())).append(": expected ")
                        .append(oneLine(f.expected())).append(", actual ").append(oneLine(f.actual())).append('\n');
            }
        }
        for (Problem p : errors) {
            n++;
            b.append("not ok ").append(n).append(" - ").append(tapClean(String.valueOf(p))).append('\n');
        }
        return b.toString();
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return b.toString();
    }

    private static String tapClean(String s) {
        return oneLine(s).replace("#", "\\#");
    }

    private static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c < 0x20 && c != '\n' && c != '\t' && c != '\r' ? '?' : c);
            }
        }
        return b.toString();
    }
}
