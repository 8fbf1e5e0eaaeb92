package dev.runbook.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.model.ReportDefinition;
import dev.runbook.core.model.Runbook;
import dev.runbook.dsl.RunbookBuilder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public API the launcher and the daemon use: ids, built-ins, unknown ids. Rendering and sending over a store
 * file is the runtime's {@code StoreReportsTest}.
 */
class ReportsApiTest {
    @TempDir
    Path dir;

    @Test
    void builtInIdsExistOnlyWhenTheRunbookDefinesNoReports() throws Exception {
        Runbook none = RunbookBuilder.runbook("plain").zone("Asia/Tokyo").build();
        assertThat(Reports.ids(none)).containsExactly("day", "week", "month");
        ReportDefinition week = Reports.definition(none, "week");
        assertThat(week.covers()).isEqualTo("previous");
        assertThat(week.title()).isEqualTo("Weekly Operations Report");
        Runbook ops = ReportFixture.load(dir);
        assertThat(Reports.ids(ops)).containsExactlyInAnyOrder("daily", "weekly", "monthly");
        assertThatThrownBy(() -> Reports.definition(ops, "day")).isInstanceOf(Reports.UnknownReportException.class);
    }

    @Test
    void anUnknownIdSuggestsTheClosest() throws Exception {
        Runbook ops = ReportFixture.load(dir);
        assertThatThrownBy(() -> Reports.definition(ops, "dayly"))
                .hasMessageContaining("unknown report 'dayly' (did you mean 'daily'?)");
    }
}
