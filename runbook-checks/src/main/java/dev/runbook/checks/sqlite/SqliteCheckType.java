package dev.runbook.checks.sqlite;

import dev.runbook.core.Check;
import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@code sqlite} check type: integrity of a SQLite database, opened read-only (a missing file is never
 * created). CRITICAL unless SQLite answers {@code ok}; a file locked past the busy timeout is WARNING.
 *
 * <pre>{@code
 * db: { type: sqlite, path: "${app}/backend/app.db", mode: integrity }
 * }</pre>
 *
 * Stateless and thread-safe; a check blocks on file I/O and up to the busy timeout.
 */
@TypeName("sqlite")
public final class SqliteCheckType implements CheckType<SqliteCheckType.Params> {
    static final Duration DEFAULT_BUSY = Duration.ofSeconds(5);

    /** {@code integrity} (full) or {@code quick} (can miss index damage). */
    public enum Mode { INTEGRITY, QUICK }

    /**
     * Parameters of {@code sqlite}.
     *
     * @param path        the database file
     * @param mode        integrity (default) or quick
     * @param busyTimeout how long to wait for a lock (default 5s, at most half the check's timeout)
     */
    public record Params(String path, Mode mode, Duration busyTimeout) {
    }

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "SQLite integrity check, read-only";
    }

    @Override
    public List<MetricSpec> metrics(Params parameters) {
        return List.of(MetricSpec.informational("size_bytes", Unit.BYTES));
    }

    @Override
    public Check create(Params p, TypeContext context) {
        if (p == null || p.path() == null || p.path().isBlank()) {
            throw new IllegalArgumentException("path: required, the database file");
        }
        if (p.busyTimeout() != null && p.busyTimeout().isNegative()) {
            throw new IllegalArgumentException("busy_timeout: must not be negative, found " + p.busyTimeout());
        }
        Path file = context.resolve(p.path());
        boolean quick = p.mode() == Mode.QUICK;
        Duration configured = p.busyTimeout();
        return ctx -> {
            Duration busy = configured;
            if (busy == null) {
                busy = DEFAULT_BUSY;
                if (ctx.timeout() != null && ctx.timeout().dividedBy(2).compareTo(busy) < 0) {
                    busy = ctx.timeout().dividedBy(2);
                }
            }
            SqliteIntegrity.Verdict v = SqliteIntegrity.check(file, quick, busy);
            CheckResult.Builder b = CheckResult.builder().status(v.status()).message(v.message())
                    .detail("path", file.toString()).detail("answer", v.answer());
            try {
                if (Files.isRegularFile(file)) {
                    long size = Files.size(file);
                    b.value(size, Unit.BYTES).metric("size_bytes", size);
                }
            } catch (IOException e) {
                // size unknown: no metric
            }
            return b.build();
        };
    }
}
