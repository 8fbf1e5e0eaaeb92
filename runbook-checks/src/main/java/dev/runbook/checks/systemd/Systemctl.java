package dev.runbook.checks.systemd;

import dev.runbook.checks.exec.CommandRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Talking to {@code systemctl}: running it (in its own process group, bounded by a timeout) and reading its
 * answers. Parsers are pure functions. Thread-safe.
 */
final class Systemctl {
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9:_.\\\\@-]+");

    /** The state of one unit as {@code systemctl show} reports it. */
    record UnitState(String id, String loadState, String activeState, String subState) {
        boolean notFound() {
            return "not-found".equals(loadState);
        }

        /** "active (running)", "failed (failed)", "not-found". */
        String describe() {
            if (notFound()) {
                return "not-found";
            }
            return activeState + (subState == null || subState.isEmpty() ? "" : " (" + subState + ")");
        }
    }

    private Systemctl() {
    }

    static void validateUnit(String type, String unit) {
        if (unit == null || unit.isEmpty() || unit.startsWith("-") || !UNIT.matcher(unit).matches()) {
            throw new IllegalArgumentException(type + ": unit must be a systemd unit name such as httpd or "
                    + "estimator.service, found '" + unit + "'");
        }
    }

    static CommandRunner.Result run(String binary, List<String> args, Duration timeout)
            throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(args.size() + 1);
        argv.add(binary);
        argv.addAll(args);
        return CommandRunner.run(argv, Map.of("LC_ALL", "C", "SYSTEMD_PAGER", "", "SYSTEMD_COLORS", "0"), null, timeout,
                CommandRunner.DEFAULT_CAPTURE_LIMIT);
    }

    /**
     * If systemctl's answer says systemd (or its bus) is not there, the line saying so; else null. Judged from the
     * answer only, never from PID 1.
     */
    static String notRunning(String stdout, String stderr) {
        for (String text : new String[] {stderr, stdout}) {
            for (String line : text.split("\n")) {
                String l = line.toLowerCase(Locale.ROOT);
                if (l.contains("has not been booted with systemd") || l.contains("failed to connect to bus")
                        || l.contains("failed to get d-bus connection") || l.contains("systemd is not running")) {
                    return line.strip();
                }
            }
        }
        return null;
    }

    /** Parses {@code systemctl show} output: blank-line separated blocks of {@code Key=Value}. */
    static List<Map<String, String>> parseShow(String stdout) {
        List<Map<String, String>> blocks = new ArrayList<>();
        Map<String, String> cur = new LinkedHashMap<>();
        for (String line : stdout.split("\n", -1)) {
            if (line.isBlank()) {
                if (!cur.isEmpty()) {
                    blocks.add(cur);
                    cur = new LinkedHashMap<>();
                }
                continue;
            }
            int eq = line.indexOf('=');
            if (eq > 0) {
                cur.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        if (!cur.isEmpty()) {
            blocks.add(cur);
        }
        return blocks;
    }

    /**
     * The state of each requested unit, in order; null where no block answers it. Blocks come in the order of the
     * arguments; when their number differs, they are matched by {@code Id} (the name, or the name plus
     * {@code .service}).
     */
    static List<UnitState> statesFor(List<String> units, List<Map<String, String>> blocks) {
        List<UnitState> out = new ArrayList<>(units.size());
        boolean byOrder = blocks.size() == units.size();
        for (int i = 0; i < units.size(); i++) {
            Map<String, String> block = null;
            if (byOrder) {
                block = blocks.get(i);
            } else {
                String u = units.get(i);
                for (Map<String, String> b : blocks) {
                    String id = b.get("Id");
                    if (u.equals(id) || (u + ".service").equals(id)) {
                        block = b;
                        break;
                    }
                }
            }
            out.add(block == null ? null : new UnitState(block.get("Id"), block.get("LoadState"),
                    block.get("ActiveState"), block.get("SubState")));
        }
        return out;
    }
}
