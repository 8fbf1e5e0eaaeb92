package dev.runbook.cli;

import dev.runbook.runtime.RunbookRuntime;
import dev.runbook.runtime.output.Style;
import dev.runbook.core.Suggestions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.core.HistoryReader;
import dev.runbook.core.StoredResult;
import dev.runbook.store.Store;
import dev.runbook.runtime.SqliteNative;
import dev.runbook.store.Hosts;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.Unit;
import dev.runbook.yaml.LoadResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code runbook history FILE [--check ID] [--since 7d] [--format text|json]}: the stored results, oldest first.
 * JSON: {@code {"results": [{check, status, value, unit, message, at, procedure}…]}}. Exit 0; 1 for an invalid
 * file, a store that cannot be read or an unknown check; 2 for a usage error. Blocks on I/O.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Shows stored results, oldest first.", "Exit: 0, 1 invalid file, unreadable store or unknown check, 2 usage error."})
public final class HistoryCommand extends Verb {
    /** The output formats of {@code history}. */
    enum Format { TEXT, JSON }

    @Parameters(index = "0", paramLabel = "FILE", description = "The runbook file.")
    Path file;

    @Option(names = "--check", paramLabel = "ID", description = "Only this check.")
    String check;

    @Option(names = "--since", paramLabel = "DURATION", defaultValue = "7d",
            description = "How far back, e.g. 1h, 7d, 30d (default: ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    Format format;

    @Override
    public Integer call() {
        Duration window;
        try {
            window = Quantity.parseDuration(since);
        } catch (IllegalArgumentException e) {
            err().println("runbook: --since " + since + ": " + e.getMessage() + " (e.g. --since 24h or --since 7d)");
            return Main.USAGE;
        }
        LoadResult loaded = load(file);
        printProblems(loaded);
        if (!loaded.isValid()) {
            return Main.INVALID;
        }
        Runbook rb = loaded.runbook();
        if (check != null && !rb.checks().containsKey(check)) {
            err().println("runbook: unknown check '" + check + "'" + Suggestions.didYouMean(check, rb.checks().keySet())
                    + "; checks: " + String.join(", ", rb.checks().keySet()));
            return Main.INVALID;
        }
        Clock clock = Clock.system(rb.zone());
        // a verb that only reads opens the store as it is: never creating it, never migrating it (§9 [1.1]); the
        // runtime below then joins this process's connection to it
        Path storePath = RunbookRuntime.storePath(rb, environment());
        boolean file = !Store.isServer(storePath);
        if (file && !java.nio.file.Files.exists(storePath)) {
            err().println("runbook: there is no store at " + storePath + " yet: nothing has been recorded");
            out().print(format == Format.JSON ? json(List.of(), rb.zone()) : text(List.of(), rb, storePath));
            out().flush();
            return 0;
        }
        Store existing = null;
        if (file) {
            SqliteNative.prepare(environment(), err());
            try {
                existing = Store.openExisting(storePath, null, clock);
            } catch (RuntimeException e) {
                err().println("runbook: cannot read the store " + storePath + ": " + Main.describe(e));
                return Main.INVALID;
            }
        }
        // the runtime's "results will not be recorded" warning does not fit a verb that only reads: say instead that
        // the store cannot be read, and why (issue 12: a read-only store printed "No results stored")
        try (Store held = existing; RunbookRuntime services = RunbookRuntime.builder(loaded).env(environment())
                .clock(clock).incidents(false).warnings(w -> { }).build()) {
            if (!services.recorded()) {
                err().println("runbook: cannot read the store " + services.storePath() + ": " + services.storeProblem());
                return Main.INVALID;
            }
            Instant to = clock.instant().plusSeconds(1);
            Instant from = to.minus(window);
            List<StoredResult> all = new ArrayList<>();
            List<String> hosts = new ArrayList<>();
            if (services.database() != null) {
                // the fleet's results, or one host's (--host), each with the host whose run produced it (§10)
                for (Hosts.HostResult r : services.database().hosts().results(host(), check, from)) {
                    if (r.at().isBefore(to) && rb.checks().containsKey(r.check())) {
                        all.add(new StoredResult(r.check(), r.at(), r.status(), r.value(), r.unit(), r.message(),
                                r.procedure(), java.util.Map.of(), false));
                        hosts.add(r.host());
                    }
                }
            } else {
                HistoryReader h = services.store().history();
                for (String id : check != null ? List.of(check) : List.copyOf(rb.checks().keySet())) {
                    all.addAll(h.results(id, from, to));
                }
                all.sort(Comparator.comparing(StoredResult::at));
            }
            out().print(format == Format.JSON ? json(all, hosts, rb.zone()) : text(all, rb, services.storePath()));
            out().flush();
        }
        return 0;
    }

    static String json(List<StoredResult> results, ZoneId zone) {
        return json(results, List.of(), zone);
    }

    /** As {@link #json(List, ZoneId)}, each row with its {@code host} when {@code hosts} has one per row. */
    static String json(List<StoredResult> results, List<String> hosts, ZoneId zone) {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        ArrayNode arr = root.putArray("results");
        for (int i = 0; i < results.size(); i++) {
            StoredResult r = results.get(i);
            ObjectNode n = arr.addObject();
            n.put("check", r.check());
            n.put("status", r.status().name());
            dev.runbook.runtime.output.RunJson.number(n, "value", r.value());
            n.put("unit", r.unit() == null || r.unit().isEmpty() ? null : r.unit());
            n.put("message", r.message());
            n.put("at", iso(r.at(), zone));
            n.put("procedure", r.procedure());
            if (hosts.size() == results.size()) {
                n.put("host", hosts.get(i));
            }
        }
        try {
            return m.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String iso(Instant at, ZoneId zone) {
        return at == null ? null : at.atZone(zone).toOffsetDateTime().truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private String text(List<StoredResult> results, Runbook rb, Path store) {
        Style st = style();
        StringBuilder b = new StringBuilder();
        if (results.isEmpty()) {
            return "No results stored in the last " + since + (check == null ? "" : " for " + check) + " (store: " + store
                    + "). Record some with: runbook run " + file + "\n";
        }
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        for (StoredResult r : results) {
            String value = "";
            if (r.value() != null) {
                Unit u = r.unit() == null ? null : safeUnit(r.unit());
                value = Quantity.humanize(r.value(), u);
            }
            b.append(r.at().atZone(rb.zone()).format(f)).append("  ").append(String.format("%-16s", r.check()))
                    .append(' ').append(st.status(r.status())).append(" ".repeat(Math.max(1, 9 - r.status().name().length())))
                    .append(String.format("%-12s", value)).append(' ').append(r.message() == null ? "" : r.message())
                    .append(r.procedure() == null ? "" : st.dim("  [" + r.procedure() + "]")).append('\n');
        }
        return b.toString();
    }

    private static Unit safeUnit(String symbol) {
        try {
            return Unit.ofCanonicalSymbol(symbol);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
