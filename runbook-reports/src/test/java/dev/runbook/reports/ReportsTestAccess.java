package dev.runbook.reports;

import dev.runbook.core.model.Runbook;
import java.nio.file.Path;
import java.time.Instant;

/** {@link ReportFixture}'s runbook and history for the tests of other packages (dev.runbook.reports.html). */
public final class ReportsTestAccess {
    private ReportsTestAccess() {
    }

    public static Runbook load(Path dir) throws Exception {
        return ReportFixture.load(dir);
    }

    public static void history(Path store, Runbook rb) {
        ReportFixture.history(store, rb);
    }

    public static Instant tokyo(int month, int day, int hour, int minute) {
        return ReportFixture.tokyo(month, day, hour, minute);
    }
}
