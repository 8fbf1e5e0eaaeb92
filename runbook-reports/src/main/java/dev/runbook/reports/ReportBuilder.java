package dev.runbook.reports;

import dev.runbook.core.model.ReportDefinition;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.escalation.IncidentQueries;
import dev.runbook.core.history.HistoryQueries;
import dev.runbook.core.history.NoteQueries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes a {@link Report} from the store: one {@link SectionRenderer} per section of runbook-format §8, in
 * the order the report's {@code sections:} lists them. Figures are read with
 * {@link HistoryQueries} over the period {@code [from, to)}; values are in canonical units (%, s, bytes).
 * Not thread-safe; one per report.
 */
public final class ReportBuilder {
    private final Runbook rb;
    private final ReportDefinition def;
    private final ReportPeriod period;
    private final HistoryQueries h;
    private final IncidentQueries incidents;
    private final NoteQueries notes;
    private final Instant now;
    private final PeriodReadings readings;

    /**
     * @param incidents the incidents of the store, or null (the incidents section then says so)
     * @param notes     the notes of the store, or null
     */
    public ReportBuilder(Runbook rb, ReportDefinition def, ReportPeriod period, HistoryQueries history,
                         IncidentQueries incidents, NoteQueries notes, Instant now) {
        this.rb = rb;
        this.def = def;
        this.period = period;
        this.h = history;
        this.incidents = incidents;
        this.notes = notes;
        this.now = now;
        this.readings = new PeriodReadings(history, period);
    }

    /** A builder sharing what it reads with the report's HTML charts. */
    ReportBuilder(Runbook rb, ReportDefinition def, PeriodReadings readings, IncidentQueries incidents,
                  NoteQueries notes, Instant now) {
        this.rb = rb;
        this.def = def;
        this.period = readings.period();
        this.h = readings.history();
        this.incidents = incidents;
        this.notes = notes;
        this.now = now;
        this.readings = readings;
    }

    /** Computes every section of the definition, in order; sections without relevant checks are left out. */
    public Report build() {
        List<Report.Section> out = new ArrayList<>();
        for (String s : def.sections()) {
            Report.Section sec = section(s);
            if (sec != null) {
                out.add(sec);
            }
        }
        String title = def.title() != null ? def.title() : Reports.defaultTitle(def.period());
        return new Report(def.id(), title, rb.id(), period, now, out, h.host());
    }

    Report.Section section(String key) {
        SectionRenderer.Inputs in = new SectionRenderer.Inputs(rb, def, period, readings, incidents, notes, now);
        SectionRenderer r = switch (key) {
            case "services" -> new ServicesSection(in);
            case "resources" -> new ResourcesSection(in);
            case "metrics" -> new MetricsSection(in);
            case "performance" -> new PerformanceSection(in);
            case "availability" -> new AvailabilitySection(in);
            case "incidents" -> new IncidentsSection(in);
            case "actions" -> new ActionsSection(in);
            case "notes" -> new NotesSection(in);
            case "backup" -> new BackupSection(in);
            case "security" -> new SecuritySection(in);
            case "capacity" -> new CapacitySection(in);
            case "cost" -> new CostSection(in);
            default -> null;
        };
        return r == null ? null : r.render();
    }
}
