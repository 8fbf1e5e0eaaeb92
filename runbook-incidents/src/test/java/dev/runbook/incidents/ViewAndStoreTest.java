package dev.runbook.incidents;

import dev.runbook.core.ManualClock;

import static dev.runbook.incidents.Fixtures.MONDAY_10;
import static dev.runbook.incidents.Fixtures.TOKYO;
import static dev.runbook.incidents.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.core.CheckResult;
import dev.runbook.core.escalation.IncidentDetails;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViewAndStoreTest {
    @TempDir
    Path dir;

    @Test
    void jsonHasExactlyTheFieldsOfTheContractInSnakeCaseWithZoneOffsets() throws Exception {
        ManualClock clock = new ManualClock(MONDAY_10, TOKYO);
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"),
                Fixtures.runbook(new RecordingNotifier()).build(), clock)) {
            s.escalate(request("P1", "health", "connection refused"));
            clock.advance(Duration.ofMinutes(3));
            s.acknowledge(1, "bob");
            s.note(1, "restarting apache", "bob");
            clock.advance(Duration.ofMinutes(7));
            s.recovered("health", CheckResult.ok("up"), clock.instant());
            s.escalate(request("P3", "latency", "p95 7s"));

            JsonNode root = new ObjectMapper().readTree(new IncidentsView(TOKYO).json(s.all()));
            assertThat(root.size()).isEqualTo(1);
            JsonNode list = root.get("incidents");
            assertThat(list).hasSize(2);
            JsonNode first = list.get(1);
            List<String> names = new ArrayList<>();
            first.fieldNames().forEachRemaining(names::add);
            // §10 [1.1]: JSON rows gain "host" (incidents are per check and host)
            assertThat(names).containsExactly("id", "level", "category", "check", "host", "state", "opened_at",
                    "acknowledged_at", "resolved_at", "timeline");
            assertThat(first.get("id").asLong()).isEqualTo(1);
            assertThat(first.get("state").asText()).isEqualTo("resolved");
            assertThat(first.get("category").isNull()).isTrue();
            assertThat(first.get("opened_at").asText()).isEqualTo("2026-11-30T10:00:00+09:00");
            assertThat(first.get("acknowledged_at").asText()).isEqualTo("2026-11-30T10:03:00+09:00");
            assertThat(first.get("resolved_at").asText()).isEqualTo("2026-11-30T10:10:00+09:00");
            List<String> kinds = new ArrayList<>();
            first.get("timeline").forEach(e -> kinds.add(e.get("kind").asText()));
            assertThat(kinds).containsExactly("opened", "queued", "delivered", "acknowledged", "note", "resolved", "queued",
                    "delivered");
            assertThat(first.get("timeline").get(4).get("text").asText()).isEqualTo("bob: restarting apache");
            assertThat(first.get("timeline").get(0).get("at").asText()).isEqualTo("2026-11-30T10:00:00+09:00");
            JsonNode second = list.get(0);
            assertThat(second.get("state").asText()).isEqualTo("open");
            assertThat(second.get("acknowledged_at").isNull()).isTrue();

            String text = new IncidentsView(TOKYO).text(s.all());
            assertThat(text.lines().toList()).hasSize(3);
            assertThat(text.lines().findFirst().orElseThrow()).startsWith("ID  LEVEL  STATE");
            assertThat(text).contains("#1  P1     resolved  health").contains("2026-11-30 10:03");
            String show = new IncidentsView(TOKYO).show(s.find(1).orElseThrow());
            assertThat(show).startsWith("Incident #1 P1 — health (resolved)").contains("note            bob: restarting apache");
            assertThat(new IncidentsView(TOKYO).text(List.of())).isEqualTo("No incidents.\n");
        }
    }

    @Test
    void reportsGetTheIncidentsOfAPeriodWithTriggerOperatorsAndResponseTarget() {
        ManualClock clock = new ManualClock(MONDAY_10, TOKYO);
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"),
                Fixtures.runbook(new RecordingNotifier()).build(), clock)) {
            s.escalate(request("P2", "health", "502 on /estimate"));
            clock.advance(Duration.ofMinutes(10));
            s.acknowledge(1, "bob");
            clock.advance(Duration.ofHours(1));
            s.resolve(1, "carol");
            clock.advance(Duration.ofDays(1));
            s.escalate(request("P4", "latency", "some errors"));

            List<IncidentDetails> monday = s.overlapping(MONDAY_10.minus(Duration.ofHours(10)), MONDAY_10.plus(Duration.ofHours(14)));
            assertThat(monday).singleElement().satisfies(d -> {
                assertThat(d.incident().id()).isEqualTo(1);
                assertThat(d.levelTitle()).isEqualTo("Partial service outage");
                assertThat(d.triggerStatus()).isEqualTo("CRITICAL");
                assertThat(d.triggerMessage()).isEqualTo("502 on /estimate");
                assertThat(d.acknowledgedBy()).isEqualTo("bob");
                assertThat(d.resolvedBy()).isEqualTo("carol");
                assertThat(d.respondTarget()).isEqualTo(Duration.ofMinutes(30));
                assertThat(d.respondedWithinTarget()).isTrue();
                assertThat(d.duration(clock.instant())).isEqualTo(Duration.ofMinutes(70));
            });
            assertThat(s.overlapping(MONDAY_10, clock.instant().plusSeconds(1))).extracting(d -> d.incident().id())
                    .containsExactly(1L, 2L);
            assertThat(s.details(2).orElseThrow().respondedWithinTarget()).isNull();
        }
    }

    @Test
    void ackResolveAndNoteOnUnknownOrResolvedIncidentsSayWhatIsWrong() {
        ManualClock clock = new ManualClock(MONDAY_10, TOKYO);
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"),
                Fixtures.runbook(new RecordingNotifier()).build(), clock)) {
            s.escalate(request("P2", "health", "down"));
            assertThatThrownBy(() -> s.acknowledge(9, "bob")).hasMessage("unknown incident #9 (open: #1)");
            s.resolve(1, "bob");
            assertThatThrownBy(() -> s.acknowledge(1, "bob")).hasMessageContaining("incident #1 is resolved already");
            assertThat(s.note(1, "root cause: OOM", null).timeline()).last()
                    .satisfies(e -> assertThat(e.text()).isEqualTo("root cause: OOM"));
            assertThatThrownBy(() -> s.note(1, " ", null)).hasMessage("a note needs text");
        }
    }

    /**
     * Issue 12: the incident store used to set another application's {@code application_id}, switch its file to
     * WAL and add five tables. Now the store refuses it before anything touches it.
     */
    @Test
    void refusesAnotherApplicationsDatabaseAndLeavesItByteForByteUnchanged() throws Exception {
        Path db = dir.resolve("shared.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE results (check_id TEXT, status TEXT)");
            st.execute("INSERT INTO results VALUES ('disk', 'OK')");
        }
        byte[] before = java.nio.file.Files.readAllBytes(db);
        assertThatThrownBy(() -> StoreIncidentService.open(db, Fixtures.runbook(new RecordingNotifier()).build(),
                new ManualClock(MONDAY_10, TOKYO)))
                .isInstanceOf(dev.runbook.store.StoreException.class)
                .hasMessageContaining("another application (tables: results)");
        assertThat(java.nio.file.Files.readAllBytes(db)).isEqualTo(before);
        assertThat(dir.resolve("shared.db-wal")).doesNotExist();
        assertThat(dir.resolve("shared.db-shm")).doesNotExist();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA application_id")) {
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void theServiceKeepsItsTablesInTheStoresOneSchema() throws Exception {
        Path db = dir.resolve("shared.db");
        try (StoreIncidentService s = StoreIncidentService.open(db, Fixtures.runbook(new RecordingNotifier()).build(),
                new ManualClock(MONDAY_10, TOKYO))) {
            s.escalate(request("P2", "health", "down"));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).contains("incident_escalations", "incident_outbox", "incident_timeline", "incidents",
                    "schema_version").doesNotContain("incidents_meta");
            try (ResultSet rs = st.executeQuery("SELECT max(version) FROM schema_version")) {
                assertThat(rs.getInt(1)).isEqualTo(dev.runbook.store.Migrations.CURRENT);
            }
            try (ResultSet rs = st.executeQuery("PRAGMA application_id")) {
                assertThat(rs.getInt(1)).isEqualTo(0x52554E42);
            }
            try (ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                assertThat(rs.getString(1)).isEqualTo("wal");
            }
            st.execute("INSERT INTO schema_version(version, applied_at) VALUES(99, 0)");
        }
        assertThatThrownBy(() -> StoreIncidentService.open(db, Fixtures.runbook(new RecordingNotifier()).build(),
                new ManualClock(MONDAY_10, TOKYO))).hasMessageContaining("schema version 99, newer than this runbook");
    }

    @Test
    void incidentsSurviveReopeningTheStoreAndAreKeptPerRunbook() {
        ManualClock clock = new ManualClock(MONDAY_10, TOKYO);
        Path db = dir.resolve("rb.db");
        try (StoreIncidentService s = StoreIncidentService.open(db, Fixtures.runbook(new RecordingNotifier()).build(), clock)) {
            s.escalate(request("P1", "health", "down"));
        }
        try (StoreIncidentService s = StoreIncidentService.open(db, Fixtures.runbook(new RecordingNotifier()).build(), clock)) {
            assertThat(s.escalate(request("P1", "health", "down"))).isEqualTo("incident #1 already open at P1");
        }
        var other = dev.runbook.core.model.Runbook.builder("other").zone(TOKYO).build();
        try (StoreIncidentService s = StoreIncidentService.open(db, other, clock)) {
            assertThat(s.all()).isEmpty();
        }
    }
}
