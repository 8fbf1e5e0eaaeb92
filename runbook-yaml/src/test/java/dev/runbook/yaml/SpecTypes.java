package dev.runbook.yaml;

import dev.runbook.core.Check;
import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.Secret;
import dev.runbook.core.action.Action;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.escalation.Notifier;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.spi.ActionType;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.NotifierType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test-only stand-ins for every built-in type of runbook-format §4, §5 and §7, with the parameter keys and metrics
 * the spec lists, so the examples can be loaded and schema-checked before the real types are merged.
 */
final class SpecTypes {
    private SpecTypes() {
    }

    static MetricSpec up(String n, Unit u) {
        return MetricSpec.higherIsWorse(n, u);
    }

    static MetricSpec down(String n, Unit u) {
        return MetricSpec.lowerIsWorse(n, u);
    }

    static MetricSpec info(String n, Unit u) {
        return MetricSpec.informational(n, u);
    }

    static final Unit PCT = Unit.PERCENT;
    static final Unit S = Unit.SECONDS;
    static final Unit B = Unit.BYTES;
    static final Unit N = Unit.COUNT;

    /** A check type described by data. */
    record C<P>(String name, Class<P> parameterType, Function<P, List<MetricSpec>> metricsOf, boolean dynamic,
                Function<P, List<String>> refs) implements CheckType<P> {
        public List<MetricSpec> metrics(P p) {
            return metricsOf.apply(p);
        }

        public Check create(P p, TypeContext ctx) {
            return c -> CheckResult.ok("fake");
        }

        public boolean dynamicMetrics() {
            return dynamic;
        }

        public List<String> references(P p) {
            return refs.apply(p);
        }

        public List<String> reads(P p) {
            return name.equals("expr") ? refs.apply(p).stream().map(r -> r.substring(0, r.indexOf('.'))).distinct().toList()
                    : List.of();
        }

        /** The shorthands of the built-in type of this name, which the spec describes. */
        public void shorthands(dev.runbook.core.spi.WrittenParameters w) {
            switch (name) {
                case "file" -> new dev.runbook.checks.fs.FileCheckType().shorthands(w);
                case "backup" -> new dev.runbook.checks.fs.BackupCheckType().shorthands(w);
                case "command" -> new dev.runbook.checks.exec.CommandCheckType().shorthands(w);
                case "slo" -> new dev.runbook.checks.history.SloCheckType().shorthands(w);
                default -> { }
            }
        }
    }

    record A<P>(String name, Class<P> parameterType) implements ActionType<P> {
        public Action create(P p, TypeContext ctx) {
            return c -> ActionResult.done("fake");
        }

        /** The shorthands of the built-in action type of this name. */
        public void shorthands(dev.runbook.core.spi.WrittenParameters w) {
            if (name.equals("command")) {
                new dev.runbook.checks.exec.CommandActionType().shorthands(w);
            }
        }
    }

    record NT<P>(String name, Class<P> parameterType) implements NotifierType<P> {
        public Notifier create(P p, TypeContext ctx) {
            return (n, a) -> { };
        }
    }

    static <P> C<P> check(String name, Class<P> t, Function<P, List<MetricSpec>> m) {
        return new C<>(name, t, m, false, p -> List.of());
    }

    record Cpu(Duration sample) { }
    record Memory(Boolean swap) { }
    record Load(String window, Boolean perCpu) { }
    record Disk(String path, String metric) { }
    record DiskIo(String device, Duration sample) { }
    record Process(String match, String command, Integer min, Integer max) { }
    record Port(Integer port, String host, String mode) { }
    record Systemd(List<String> units, String systemctl) { }
    record BasicAuth(String username, Secret password) { }
    record HttpExpect(List<String> status, String bodyContains, Map<String, Object> json) { }
    record Http(String url, String method, Map<String, String> headers, String body, BasicAuth basicAuth,
                HttpExpect expect, Boolean followRedirects, Boolean insecure) { }
    record Tls(String host, Integer port, String servername, String file) { }
    record Sqlite(String path, String mode, Duration busyTimeout) { }
    record FileP(String path, Boolean exists, String match, Duration maxAge, Quantity minSize, Quantity maxSize) { }
    record SizeChange(String warning, String critical) { }
    record Backup(String dir, Duration maxAge, List<String> contains, SizeChange sizeChange, String sqlite) { }
    record Log(String file, String pattern, String window, String timestamp, String extract, String groupBy,
               String missing, String unit) { }
    record Journal(String unit, String priority, String since, String pattern, String extract, String groupBy,
                   String journalctl) { }
    record AccessLog(String file, String format, String window, String durationUnit, List<Integer> perClient) { }
    record CmdExpect(Integer exit, String stdoutContains) { }
    record Command(List<String> run, String shell, Map<String, String> env, String cwd, CmdExpect expect) { }
    record Expr(String expr, String unit, Boolean higherIsWorse) { }
    record Forecast(String from, Quantity reach, Duration window) { }
    record Growth(String from, Duration window, String mode) { }
    record Slo(String slo, String from, Quantity objective, Quantity max, Duration window, Duration interval,
               Duration shortWindow, Duration longWindow) {
        Slo {
            if (from == null) {
                throw new IllegalArgumentException("from: expected a check id or <check>.<metric>, found nothing");
            }
        }
    }

    record CommandA(List<String> run, String shell, Map<String, String> env, String cwd, String capture) { }
    enum Verb { RESTART, RELOAD, START, STOP }
    record SystemdA(String unit, Verb verb, String systemctl) { }
    record WaitA(Duration duration) { }
    enum Entries { FILES, DIRS }
    record DeleteOldFiles(String path, Duration olderThan, String glob, Entries entries, Integer keepNewest,
                          Integer maxDelete) { }
    record SqliteBackup(String db, String to, List<String> include, Integer keep) { }
    record RestoreTest(String from) { }
    record NotifyA(List<String> to, String message, String subject) { }
    record EscalateA(String level) { }

    record Webhook(Secret url, String format, Map<String, String> headers, Duration timeout) { }
    record Email(String smtp, String from, String to, Boolean starttls, String username, Secret password,
                 Duration timeout) { }
    record LogN(String level) { }
    record FileN(String path) { }

    private static final Pattern REF = Pattern.compile("([a-z0-9][a-z0-9-]*)\\.([a-z][a-z0-9_]*)");

    static List<MetricSpec> extract(String extract, MetricSpec first) {
        List<MetricSpec> m = new ArrayList<>(List.of(first));
        if (extract != null) {
            m.addAll(List.of(up("avg", N), up("p95", N), up("p99", N), up("max", N)));
        }
        return m;
    }

    static TypeRegistry registry() {
        return TypeRegistry.builder()
                .check(check("cpu", Cpu.class, p -> List.of(up("usage", PCT))))
                .check(check("memory", Memory.class, p -> List.of(up("used", PCT), up("used_bytes", B), down("available_bytes", B))))
                .check(check("load", Load.class, p -> List.of(up("load", N), up("load1", N), up("load5", N), up("load15", N))))
                .check(check("disk", Disk.class, p -> List.of(up("used", PCT), down("free_bytes", B), up("inodes_used", PCT))))
                .check(check("diskio", DiskIo.class, p -> List.of(up("utilization", PCT), up("read_bytes_per_s", Unit.BYTES_PER_SECOND),
                        up("write_bytes_per_s", Unit.BYTES_PER_SECOND))))
                .check(check("process", Process.class, p -> List.of(info("count", N), up("cpu", PCT), up("rss_bytes", B))))
                .check(check("port", Port.class, p -> List.of(up("connect_time", S))))
                .check(check("systemd", Systemd.class, p -> List.of()))
                .check(check("http", Http.class, p -> List.of(up("latency", S), info("status_code", N))))
                .check(check("tls", Tls.class, p -> List.of(down("time_left", S))))
                .check(check("sqlite", Sqlite.class, p -> List.of(info("size_bytes", B))))
                .check(check("file", FileP.class, p -> List.of(up("age", S), up("size_bytes", B), info("count", N))))
                .check(check("backup", Backup.class, p -> List.of(up("age", S), info("size_bytes", B), up("size_change", PCT))))
                .check(check("log", Log.class, p -> extract(p.extract(), up("matches", N))))
                .check(check("journal", Journal.class, p -> extract(p.extract(), up("entries", N))))
                .check(new C<>("access-log", AccessLog.class, p -> {
                    List<MetricSpec> m = new ArrayList<>(List.of(up("error_rate", PCT), info("requests", N),
                            info("errors", N), up("avg", S), up("p95", S), up("p99", S), info("unique_clients", N),
                            info("malformed", N)));
                    if (p.perClient() != null) {
                        p.perClient().forEach(c -> m.add(up("top_client_status_" + c, N)));
                    }
                    return m;
                }, true, p -> List.of()))
                .check(new C<>("command", Command.class, p -> List.of(), true, p -> List.of()))
                .check(new C<>("expr", Expr.class, p -> List.of(up("value", p.unit() == null ? N : Unit.ofCanonicalSymbol(p.unit()))),
                        false, p -> {
                            List<String> out = new ArrayList<>();
                            Matcher m = REF.matcher(p.expr() == null ? "" : p.expr());
                            while (m.find()) {
                                out.add(m.group());
                            }
                            return out;
                        }))
                .check(new C<>("forecast", Forecast.class, p -> List.of(down("time_to_reach", S)), false, p -> p.from() == null ? List.of() : List.of(p.from())))
                .check(new C<>("growth", Growth.class, p -> List.of(up("change", PCT)), false, p -> p.from() == null ? List.of() : List.of(p.from())))
                .check(check("slo", Slo.class, p -> List.of(down("budget_left", PCT), info("availability", PCT), up("burn_rate", N), up("burn_rate_long", N))))
                .action(new A<>("command", CommandA.class))
                .action(new A<>("systemd", SystemdA.class))
                .action(new A<>("wait", WaitA.class))
                .action(new A<>("delete-old-files", DeleteOldFiles.class))
                .action(new A<>("sqlite-backup", SqliteBackup.class))
                .action(new A<>("restore-test", RestoreTest.class))
                .action(new A<>("notify", NotifyA.class))
                .action(new A<>("escalate", EscalateA.class))
                .notifier(new NT<>("webhook", Webhook.class))
                .notifier(new NT<>("email", Email.class))
                .notifier(new NT<>("log", LogN.class))
                .notifier(new NT<>("file", FileN.class))
                .build();
    }
}
