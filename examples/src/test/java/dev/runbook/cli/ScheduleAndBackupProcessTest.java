package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two contract-1.0 defects of issue 14, through the launcher: a schedule inside a DST gap fires at the first
 * instant after the gap (§6), shown by {@code runbook plan}; and {@code sqlite-backup} with the seed's
 * one-directory-per-backup layout {@code to: …/{date}-{time}/app.db} plus {@code keep} loads, backs up and rotates
 * whole directories (§5), through {@code runbook run}.
 */
class ScheduleAndBackupProcessTest {
    @TempDir
    static Path dir;
    static Launch launcher;

    @BeforeAll
    static void writeTheRunbook() throws Exception {
        launcher = Launch.plain(dir.resolve("xdg"));
        Files.writeString(dir.resolve("runbook.yaml"), String.join("\n",
                "runbook: schedules",
                "version: 1",
                "timezone: America/New_York",
                "store: ./state/schedules.db",
                "actions:",
                "  backup-now: { type: sqlite-backup, db: ./app.db, to: \"./backups/{date}-{time}/app.db\", keep: 2 }",
                "procedures:",
                "  gap-cron: { schedule: 'cron \"30 2 14 3 *\"', steps: [ { manual: look } ] }",
                "  gap-daily: { schedule: daily 02:30, steps: [ { manual: look } ] }",
                "  backup: { steps: [ backup-now ] }",
                ""));
    }

    @Test
    void aCronTimeInsideTheDstGapFiresAtTheFirstInstantAfterIt() throws Exception {
        Launch.Outcome o = launcher.run(dir, "plan", "runbook.yaml", "--procedure", "gap-cron", "--from", "2026-12-06T00:00");
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out()).contains("next: Sun 2027-03-14 03:00 -04:00; Tue 2028-03-14 02:30 -04:00; "
                + "Wed 2029-03-14 02:30 -04:00");
    }

    @Test
    void aDailyTimeInsideTheDstGapFiresAtTheFirstInstantAfterIt() throws Exception {
        Launch.Outcome o = launcher.run(dir, "plan", "runbook.yaml", "--procedure", "gap-daily", "--from", "2027-03-13T00:00");
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out()).contains("next: Sat 2027-03-13 02:30 -05:00; Sun 2027-03-14 03:00 -04:00; "
                + "Mon 2027-03-15 02:30 -04:00");
    }

    @Test
    void planRefusesAFromThatIsNotATime() throws Exception {
        Launch.Outcome o = launcher.run(dir, "plan", "runbook.yaml", "--from", "tomorrow");
        assertThat(o.exit()).isNotZero();
        assertThat(o.err()).contains("--from", "tomorrow");
    }

    @Test
    void sqliteBackupWithOneDirectoryPerBackupAndKeepRotatesWholeDirectories() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("app.db"));
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE estimates(id INTEGER PRIMARY KEY, text TEXT)");
            s.execute("INSERT INTO estimates(text) VALUES ('one'), ('two')");
        }
        // two earlier backups in the same layout; keep: 2 leaves the newer one and the new backup
        for (String old : List.of("2026-01-01-000000", "2026-01-02-000000")) {
            Files.createDirectories(dir.resolve("backups").resolve(old));
            Files.writeString(dir.resolve("backups").resolve(old).resolve("app.db"), "old");
        }
        Launch.Outcome v = launcher.run(dir, "validate", "runbook.yaml");
        assertThat(v.exit()).as(v.out() + v.err()).isZero();
        Launch.Outcome o = launcher.run(dir, "run", "runbook.yaml", "--procedure", "backup");
        assertThat(o.exit()).as(o.out() + o.err()).isZero();
        List<String> left;
        try (Stream<Path> s = Files.list(dir.resolve("backups"))) {
            left = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(left).hasSize(2);
        assertThat(left.get(0)).isEqualTo("2026-01-02-000000");
        assertThat(left.get(1)).matches("\\d{4}-\\d\\d-\\d\\d-\\d{6}");
        Path copy = dir.resolve("backups").resolve(left.get(1)).resolve("app.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM estimates")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).as("the backup is a copy of the database").isEqualTo(2);
        }
    }
}
