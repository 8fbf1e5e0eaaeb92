package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runbook docs} as a user runs it, in separate processes: the seed runbook as Markdown and HTML,
 * {@code --with-results} over a real SQLite store written by {@code runbook run} (and never changed by docs), no
 * store, a bad file, an unreadable store and usage errors with the exit codes of runbook-format §9.
 */
class DocsProcessTest {
    static final Path SEED = Path.of("ai-estimator/runbook.yaml").toAbsolutePath();

    @TempDir
    static Path dir;

    @BeforeAll
    static void fixtures() throws Exception {
        Files.writeString(dir.resolve("marker.txt"), "here\n");
        Files.writeString(dir.resolve("small.yaml"), """
                runbook: small
                title: Small Runbook
                version: 1
                timezone: Asia/Tokyo
                store: ./state/small.db
                checks:
                  marker:
                    type: file
                    title: "Marker <b>file</b>"
                    path: ./marker.txt
                    max_age: 30d
                  root-disk:
                    type: disk
                    title: Root disk
                    path: /
                    warning: 99.9%
                    critical: 99.99%
                procedures:
                  morning-check:
                    title: Morning Check
                    schedule: daily 09:00
                    steps:
                      - { title: Files and disk, checks: [marker, root-disk] }
                """);
        Files.writeString(dir.resolve("bad.yaml"), """
                runbook: bad
                version: 1
                checks:
                  disk:
                    type: dsik
                """);
    }

    private static Launch.Outcome run(String... args) throws Exception {
        return Launch.plain(dir.resolve("xdg")).env("RUNBOOK_STATE_DIR", dir.resolve("seed-state").toString())
                .run(dir, args);
    }

    @Test
    void theSeedAsMarkdownReadsLikeTheSeedRunbook() throws Exception {
        Launch.Outcome o = run("docs", SEED.toString());
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out()).startsWith("# AI Estimator System — Operations Runbook\n")
                .contains("## Daily Operations\n", "### Morning Check (daily 09:00)", "#### 1. Service status check",
                        "## Weekly Operations\n", "### Weekly Operations (every Monday) (monday 10:00)",
                        "## Monthly Operations\n",
                        "- ✅ Normal: active (running)", "- ⚠️ Warning: activating or reloading",
                        "- ✅ Normal < 80 %, ⚠️ Warning 80–90 %, 🔴 Critical ≥ 90 %",
                        "time_left: ✅ Normal ≥ 30 d, ⚠️ Warning 7–30 d, 🔴 Critical < 7 d",
                        "**Action on Warning or Critical**:\n1. Clean up journal logs older than 7 days",
                        "| P1 | Complete service outage | Immediate |", "| P4 | Minor errors | Within 24 h |",
                        "| Incident of category security | security-manager | Immediately |",
                        "- availability: health available ≥ 99 % over 30 d",
                        "【Daily Operations Report】", "### Planned Maintenance",
                        "Manual: Run database migrations, if any", "【Morning Check Checklist】");
        assertThat(dir.resolve("seed-state")).doesNotExist();
    }

    @Test
    void htmlIsOneSelfContainedEscapedPage() throws Exception {
        Launch.Outcome o = run("docs", "small.yaml", "--format", "html");
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out()).startsWith("<!DOCTYPE html>").contains("<style>").endsWith("</html>\n")
                .contains("Marker &lt;b&gt;file&lt;/b&gt;").doesNotContain("<b>file", "<script", "<link", "src=");
    }

    @Test
    void withResultsShowsTheStoredResultsAndLeavesTheStoreAsItWas() throws Exception {
        Launch.Outcome r = run("run", "small.yaml", "--procedure", "morning-check");
        assertThat(r.exit()).as(r.err()).isZero();
        Path store = dir.resolve("state/small.db");
        byte[] before = Files.readAllBytes(store);
        long modified = Files.getLastModifiedTime(store).toMillis();
        Launch.Outcome o = run("docs", "small.yaml", "--with-results");
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out()).contains("- Latest results: results from the store " + store.toRealPath())
                .containsPattern("\\*\\*Latest result\\*\\*: OK \\d+(\\.\\d+)?%.* \\(at \\w{3} \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\)")
                .containsPattern("\\*\\*Last run\\*\\*: OK at \\w{3} \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d")
                .contains("| Last run |");
        assertThat(Files.readAllBytes(store)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(store).toMillis()).isEqualTo(modified);
    }

    @Test
    void withResultsAndNoStoreSaysSoAndCreatesNothing() throws Exception {
        Launch.Outcome o = run("docs", SEED.toString(), "--with-results");
        assertThat(o.exit()).as(o.err()).isZero();
        Path expected = dir.resolve("seed-state/ai-estimator.db");
        assertThat(o.err()).contains("runbook: no store yet at " + expected);
        assertThat(o.out()).contains("- Latest results: none — no store yet at " + expected)
                .doesNotContain("**Latest result**");
        assertThat(dir.resolve("seed-state")).doesNotExist();
    }

    @Test
    void aStoreThatIsNotARunbookStoreIsRefusedWithExit1() throws Exception {
        Path other = dir.resolve("other");
        Files.createDirectories(other.resolve("state"));
        Files.copy(dir.resolve("small.yaml"), other.resolve("small.yaml"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other.resolve("state/small.db"));
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers(id INTEGER)");
        }
        Launch.Outcome o = run("docs", other.resolve("small.yaml").toString(), "--with-results");
        assertThat(o.exit()).isEqualTo(1);
        // the one read-only opener's words (Store.openExisting), as history and report say them
        assertThat(o.err()).contains("runbook: cannot read the store").contains("of another application (tables: customers)")
                .contains("refusing to touch it");
        assertThat(o.out()).isEmpty();
    }

    @Test
    void aBadFileGivesALocatedErrorAndExit1() throws Exception {
        Launch.Outcome o = run("docs", "bad.yaml");
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.err()).containsPattern("bad\\.yaml:5:\\d+: .*unknown check type 'dsik'.*did you mean 'disk'");
        assertThat(o.out()).isEmpty();
        Launch.Outcome missing = run("docs", "missing.yaml");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("missing.yaml").contains("no such file");
    }

    @Test
    void usageErrorsExit2() throws Exception {
        Launch.Outcome format = run("docs", "small.yaml", "--format", "pdf");
        assertThat(format.exit()).isEqualTo(2);
        assertThat(format.err()).contains("--format").contains("pdf");
        Launch.Outcome noFile = run("docs");
        assertThat(noFile.exit()).isEqualTo(2);
        assertThat(noFile.err()).contains("Missing required parameter: 'FILE'");
        Launch.Outcome help = run("docs", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--format", "--with-results");
    }
}
