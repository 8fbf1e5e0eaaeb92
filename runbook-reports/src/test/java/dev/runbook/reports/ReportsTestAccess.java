package dev.runbook.reports;

import dev.runbook.core.model.Runbook;
import java.nio.file.Path;
import java.time.Instant;

/**
 * {@link ReportFixture}'s runbook and history for the tests of other packages and modules (the runtime's
 * {@code StoreReportsTest}, through this module's test jar).
 */
public final class ReportsTestAccess {
    private ReportsTestAccess() {
    }

    public static Runbook load(Path dir) throws Exception {
        return ReportFixture.load(dir);
    }

    /** The zone of the fixture's runbook and history. */
    public static final java.time.ZoneId TOKYO = ReportFixture.TOKYO;

    public static void history(Path store) {
        ReportFixture.history(store);
    }

    public static void history(Path store, Runbook rb) {
        ReportFixture.history(store, rb);
    }

    public static Instant tokyo(int month, int day, int hour, int minute) {
        return ReportFixture.tokyo(month, day, hour, minute);
    }
}
