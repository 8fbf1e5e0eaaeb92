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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test-only types shaped like the spec's built-ins (runbook-format §4, §5, §7). */
final class FakeTypes {
    private FakeTypes() {
    }

    static TypeRegistry registry() {
        return TypeRegistry.builder()
                .check(new Disk()).check(new Http()).check(new Port()).check(new FileType()).check(new CommandCheck())
                .check(new Expr()).check(new Systemd()).check(new Memory())
                .action(new CommandAction()).action(new SystemdAction()).action(new DeleteOldFiles())
                .notifier(new Webhook()).notifier(new Log())
                .build();
    }

    static final Check OK = c -> CheckResult.ok("fine");
    static final Action DONE = c -> ActionResult.done("done");

    static final class Disk implements CheckType<Disk.Params> {
        enum Metric { USED, FREE, INODES }

        record Params(String path, Metric metric) {
        }

        public String name() {
            return "disk";
        }

        public Class<Params> parameterType() {
            return Params.class;
        }

        public List<MetricSpec> metrics(Params p) {
            return List.of(MetricSpec.higherIsWorse("used", Unit.PERCENT), MetricSpec.lowerIsWorse("free_bytes", Unit.BYTES),
                    MetricSpec.higherIsWorse("inodes_used", Unit.PERCENT));
        }

        public Check create(Params p, TypeContext ctx) {
            if (p.path() == null) {
                throw new IllegalArgumentException("path is required");
            }
            return OK;
        }
    }

    static final class Memory implements CheckType<Memory.Params> {
        record Params(Boolean swap) {
        }

        public String name() {
            return "memory";
        }

        public Class<Params> parameterType() {
            return Params.class;
        }

        public List<MetricSpec> metrics(Params p) {
            return List.of(MetricSpec.higherIsWorse("used", Unit.PERCENT));
        }

        public Check create(Params p, TypeContext ctx) {
            return OK;
        }
    }

    static final class Http implements CheckType<Http.Params> {
        record BasicAuth(String username, Secret password) {
        }

        record Expect(Integer status, String bodyContains, Map<String, Object> json) {
        }

        record Params(String url, String method, Map<String, String> headers, BasicAuth basicAuth, Expect expect,
                      Boolean followRedirects, Boolean insecure) {
        }

        static volatile Params last;

        public String name() {
            return "http";
        }

        public Class<Params> parameterType() {
            return Params.class;
        }

        public List<MetricSpec> metrics(Params p) {
            return List.of(MetricSpec.higherIsWorse("latency", Unit.SECONDS),
                    MetricSpec.informational("status_code", Unit.COUNT));
        }

        public Check create(Params p, TypeContext ctx) {
            if (p.url() == null) {
                throw new IllegalArgumentException("url is required");
            }
            last = p;
            return OK;
        }
    }

    static final class Port implements CheckType<Port.Params> {
        enum Mode { CONNECT, LISTEN }

        record Params(Integer port, String host, Mode mode) {
        }

        static volatile Params last;

        public String name() {
            return "port";
        }

        public Class<Params> parameterType() {
            return Params.class;
        }

        public List<MetricSpec> metrics(Params p) {
            return List.of(MetricSpec.higherIsWorse("connect_time", Unit.SECONDS));
        }

        public Check create(Params p, TypeContext ctx) {
            if (p.port() == null || p.port() < 1 || p.port() > 65535) {
                throw new IllegalArgumentException("port must be 1-65535, found " + p.port()
                        + (p.host() == null ? "" : " (host " + p.host() + ")"));
            }
            last = p;
            return OK;
        }
    }

    static final class FileType implements CheckType<FileType.Params> {
        record Params(String path, Boolean exists, String match, Duration maxAge, Quantity minSize, Quantity maxSize) {
        }

        public String name() {
            return "file";
        }

        public void shorthands(dev.runbook.core.spi.WrittenParameters w) {
            new dev.runbook.checks.fs.FileCheckType().shorthands(w);
        }

        public Class<Params> parameterType() {
            return Params.class;
        }

        public List<MetricSpec> metrics(Params p) {
            return List.of(MetricSpec.higherIsWorse("age", Unit.SECONDS), MetricSpec.higherIsWorse("size_bytes", Unit.BYTES),
                    MetricSpec.informational("count", Unit.COUNT));
        }

        public Check create(Params p, TypeContext ctx) {
            return OK;
        }
    }

    static final class CommandCheck implements CheckType<CommandCheck.Params> {
        record Params(List<String> run, String shell, Map<String, String> env, String cwd) {
        }

        public String name() {
            return "command";
        }

        public void shorthands(dev.runbook.core.spi.WrittenParameters w) {
            new dev.runbook.checks.exec.CommandCheckType().shorthands(w);
        }

        public Class<Params> parameterType() {
            return Params.class;
        }

        public List<MetricSpec> metrics(Params p) {
            return List.of();
        }

        public boolean dynamicMetrics() {
            return true;
        }

        public Check create(Params p, TypeContext ctx) {
            if ((p.run() == null) == (p.shell() == null)) {
                throw new IllegalArgumentException("give either run or shell");
            }
            return OK;
        }
    }

    static final class Expr implements CheckType<Expr.Params> {
        private static final Pattern REF = Pattern.compile("([a-z0-9][a-z0-9-]*)\\.([a-z][a-z0-9_]*)");

        record Params(String expr, String unit) {
        }

        public String name() {
            return "expr";
        }

        public Class<Params> parameterType() {
            return Params.class;
        }

        public List<MetricSpec> metrics(Params p) {
            return List.of(MetricSpec.higherIsWorse("value", p.unit() == null ? Unit.COUNT : Unit.ofCanonicalSymbol(p.unit())));
        }

        public Check create(Params p, TypeContext ctx) {
            return OK;
        }

        public List<String> references(Params p) {
            List<String> out = new ArrayList<>();
            Matcher m = REF.matcher(p.expr());
            while (m.find()) {
                out.add(m.group());
            }
            return out;
        }

        public List<String> reads(Params p) {
            return references(p).stream().map(r -> r.substring(0, r.indexOf('.'))).distinct().toList();
        }
    }

    static final class Systemd implements CheckType<Systemd.Params> {
        record Params(List<String> units, String systemctl) {
        }

        public String name() {
            return "systemd";
        }

        public Class<Params> parameterType() {
            return Params.class;
        }

        public List<MetricSpec> metrics(Params p) {
            return List.of();
        }

        public Check create(Params p, TypeContext ctx) {
            return OK;
        }
    }

    static final class CommandAction implements ActionType<CommandAction.Params> {
        record Params(List<String> run, String shell, Map<String, String> env, String cwd, String capture) {
        }

        static volatile Params last;

        public String name() {
            return "command";
        }

        public void shorthands(dev.runbook.core.spi.WrittenParameters w) {
            new dev.runbook.checks.exec.CommandActionType().shorthands(w);
        }

        public Class<Params> parameterType() {
            return Params.class;
        }

        public Action create(Params p, TypeContext ctx) {
            last = p;
            return DONE;
        }
    }

    static final class SystemdAction implements ActionType<SystemdAction.Params> {
        enum Verb { RESTART, RELOAD, START, STOP }

        record Params(String unit, Verb verb, String systemctl) {
        }

        public String name() {
            return "systemd";
        }

        public Class<Params> parameterType() {
            return Params.class;
        }

        public Action create(Params p, TypeContext ctx) {
            return DONE;
        }
    }

    static final class DeleteOldFiles implements ActionType<DeleteOldFiles.Params> {
        enum Entries { FILES, DIRS }

        record Params(String path, Duration olderThan, String glob, Entries entries, Integer keepNewest, Integer maxDelete) {
        }

        public String name() {
            return "delete-old-files";
        }

        public Class<Params> parameterType() {
            return Params.class;
        }

        public Action create(Params p, TypeContext ctx) {
            return DONE;
        }
    }

    static final class Webhook implements NotifierType<Webhook.Params> {
        record Params(Secret url, String format) {
        }

        static volatile Params last;

        public String name() {
            return "webhook";
        }

        public Class<Params> parameterType() {
            return Params.class;
        }

        public Notifier create(Params p, TypeContext ctx) {
            last = p;
            return (n, a) -> { };
        }
    }

    static final class Log implements NotifierType<Log.Params> {
        record Params() {
        }

        public String name() {
            return "log";
        }

        public Class<Params> parameterType() {
            return Params.class;
        }

        public Notifier create(Params p, TypeContext ctx) {
            return (n, a) -> { };
        }
    }
}
