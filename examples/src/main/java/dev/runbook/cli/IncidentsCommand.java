package dev.runbook.cli;

import dev.runbook.runtime.SqliteNative;
import dev.runbook.runtime.RunbookRuntime;
import dev.runbook.runtime.output.Style;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.core.Status;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.model.Runbook;
import dev.runbook.incidents.StoreIncidentService;
import dev.runbook.yaml.LoadResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code runbook incidents FILE [list|show ID|ack ID|resolve ID|note ID TEXT] [--format text|json]}: the incident
 * lifecycle. JSON: {@code {"incidents": [{id, level, category, check, state, opened_at, acknowledged_at,
 * resolved_at, timeline}…]}}. Exit 0; 1 for an invalid file or unknown incident; 2 for a usage error.
 */
@Command(name = "incidents", mixinStandardHelpOptions = true,
        description = {"Lists, shows, acknowledges, resolves and annotates incidents.",
                "  runbook incidents FILE                  list (all, newest first)",
                "  runbook incidents FILE show 7",
                "  runbook incidents FILE ack 7 --operator alice",
                "  runbook incidents FILE resolve 7",
                "  runbook incidents FILE note 7 \"restarted by hand\"",
                "Exit: 0, 1 invalid file or unknown incident, 2 usage error."})
public final class IncidentsCommand extends Verb {
    /** The output formats of {@code incidents}. */
    enum Format { TEXT, JSON }

    @Parameters(index = "0", paramLabel = "FILE", description = "The runbook file.")
    Path file;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "ACTION",
            description = "list | show ID | ack ID | resolve ID | note ID TEXT (default: list)")
    List<String> action = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    Format format;

    @Override
    public Integer call() {
        if (action.isEmpty()) {
            action = new ArrayList<>(List.of("list"));
        }
        String verb = action.get(0);
        int need = switch (verb) {
            case "list" -> 1;
            case "show", "ack", "resolve" -> 2;
            case "note" -> 3;
            default -> -1;
        };
        if (need < 0) {
            err().println("runbook: unknown incidents action '" + verb + "'; use list, show ID, ack ID, resolve ID or note ID TEXT");
            return Main.USAGE;
        }
        if (action.size() < need) {
            err().println("runbook: 'incidents " + verb + "' needs " + (need == 2 ? "an incident ID" : "an incident ID and a text")
                    + ", e.g. runbook incidents " + file + " " + verb + " 7" + (need == 3 ? " \"restarted by hand\"" : ""));
            return Main.USAGE;
        }
        if (action.size() > need && !verb.equals("note")) {
            err().println("runbook: too many arguments for 'incidents " + verb + "': " + action.subList(need, action.size()));
            return Main.USAGE;
        }
        long id = 0;
        if (need >= 2) {
            try {
                id = Long.parseLong(action.get(1));
            } catch (NumberFormatException e) {
                err().println("runbook: an incident ID is a number (see `runbook incidents " + file + "`), found '" + action.get(1) + "'");
                return Main.USAGE;
            }
        }
        LoadResult loaded = load(file);
        printProblems(loaded);
        if (!loaded.isValid()) {
            return Main.INVALID;
        }
        Runbook rb = loaded.runbook();
        Path store = RunbookRuntime.storePath(rb, environment());
        SqliteNative.prepare(environment(), err());
        boolean reads = verb.equals("list") || verb.equals("show");
        if (reads && !dev.runbook.store.Store.isServer(store) && !java.nio.file.Files.exists(store)) {
            // list and show only read: say the store is missing instead of creating it (§9 [1.1])
            err().println("runbook: there is no store at " + store + " yet: no incident has been recorded");
            if (verb.equals("show")) {
                return Main.INVALID;
            }
            out().print(format == Format.JSON ? json(List.of(), rb.zone()) : text(List.of(), rb.zone(), false));
            out().flush();
            return 0;
        }
        dev.runbook.store.Store db;
        try {
            db = reads ? dev.runbook.store.Store.openExisting(store, null, Clock.system(rb.zone()))
                    : dev.runbook.store.Store.open(store, null, Clock.system(rb.zone()));
        } catch (RuntimeException e) {
            err().println("runbook: cannot read the store " + store + ": " + Main.describe(e));
            return Main.INVALID;
        }
        try (db; StoreIncidentService s = StoreIncidentService.open(db, rb, Clock.system(rb.zone()))) {
            List<Incident> shown;
            switch (verb) {
                case "list":
                    shown = s.all(host()); // the fleet's incidents, or one host's (--host, §10)
                    break;
                default:
                    Optional<Incident> found = s.find(id);
                    if (found.isEmpty()) {
                        err().println("runbook: no incident #" + id + " (list them: runbook incidents " + file + ")");
                        return Main.INVALID;
                    }
                    Incident inc = switch (verb) {
                        case "ack" -> s.acknowledge(id, operator());
                        case "resolve" -> s.resolve(id, operator());
                        case "note" -> s.note(id, String.join(" ", action.subList(2, action.size())), operator());
                        default -> found.get();
                    };
                    shown = List.of(inc);
            }
            out().print(format == Format.JSON ? json(shown, rb.zone()) : text(shown, rb.zone(), !verb.equals("list")));
            out().flush();
            return 0;
        }
    }

    static String json(List<Incident> incidents, ZoneId zone) {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        ArrayNode arr = root.putArray("incidents");
        for (Incident i : incidents) {
            ObjectNode n = arr.addObject();
            n.put("id", i.id());
            n.put("level", i.level());
            n.put("category", i.category());
            n.put("check", i.check());
            n.put("host", i.host()); // §10: incidents are per (check, host)
            n.put("state", i.state().word());
            n.put("opened_at", HistoryCommand.iso(i.openedAt(), zone));
            n.put("acknowledged_at", HistoryCommand.iso(i.acknowledgedAt(), zone));
            n.put("resolved_at", HistoryCommand.iso(i.resolvedAt(), zone));
            ArrayNode t = n.putArray("timeline");
            for (Incident.TimelineEntry e : i.timeline()) {
                ObjectNode en = t.addObject();
                en.put("at", HistoryCommand.iso(e.at(), zone));
                en.put("kind", e.kind());
                en.put("text", e.text());
            }
        }
        try {
            return m.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String text(List<Incident> incidents, ZoneId zone, boolean withTimeline) {
        Style st = style();
        if (incidents.isEmpty()) {
            return "No incidents.\n";
        }
        StringBuilder b = new StringBuilder();
        // a fleet's incidents are per (check, host): say whose when there is more than one host (§10)
        boolean hosts = incidents.stream().map(Incident::host).distinct().count() > 1 || incidents.stream()
                .anyMatch(i -> i.host() != null && withTimeline);
        for (Incident i : incidents) {
            Status colour = i.state() == Incident.State.RESOLVED ? Status.OK
                    : i.state() == Incident.State.ACKNOWLEDGED ? Status.WARNING : Status.CRITICAL;
            b.append('#').append(i.id()).append("  ").append(i.level()).append("  ")
                    .append(st.paint(String.format("%-12s", i.state().word()), colour)).append(' ')
                    .append(i.checks().isEmpty() ? "-" : String.join(", ", i.checks()))
                    .append(hosts ? " on " + (i.host() == null ? "-" : i.host()) : "")
                    .append(i.category() == null ? "" : " [" + i.category() + "]")
                    .append("  opened ").append(HistoryCommand.iso(i.openedAt(), zone))
                    .append(i.acknowledgedAt() == null ? "" : ", acknowledged " + HistoryCommand.iso(i.acknowledgedAt(), zone))
                    .append(i.resolvedAt() == null ? "" : ", resolved " + HistoryCommand.iso(i.resolvedAt(), zone)).append('\n');
            if (withTimeline) {
                for (Incident.TimelineEntry e : i.timeline()) {
                    b.append("    ").append(HistoryCommand.iso(e.at(), zone)).append("  ").append(String.format("%-12s", e.kind()))
                            .append(' ').append(e.text()).append('\n');
                }
            }
        }
        return b.toString();
    }
}
