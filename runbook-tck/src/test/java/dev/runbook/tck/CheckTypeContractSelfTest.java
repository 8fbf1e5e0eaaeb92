package dev.runbook.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.Check;
import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.Status;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeContext;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TCK catches what it promises to catch: a network type that waits for its answer as long as the engine's
 * deadline comes out UNKNOWN from the contract's own engine run, and one that keeps below the deadline is CRITICAL.
 */
class CheckTypeContractSelfTest {

    @TempDir
    Path dir;

    /** A toy network type reading one line, with its read timeout either equal to the timeout or below the deadline. */
    public static final class GreetingType implements CheckType<GreetingType.Params> {
        private final boolean keepsBelowTheDeadline;

        public GreetingType() {
            this(true);
        }

        GreetingType(boolean keepsBelowTheDeadline) {
            this.keepsBelowTheDeadline = keepsBelowTheDeadline;
        }

        public record Params(String host, Integer port) {
        }

        @Override
        public String name() {
            return "greeting";
        }

        @Override
        public Class<Params> parameterType() {
            return Params.class;
        }

        @Override
        public List<MetricSpec> metrics(Params p) {
            return List.of(MetricSpec.higherIsWorse("latency", Unit.SECONDS));
        }

        @Override
        public Check create(Params p, TypeContext context) {
            return ctx -> {
                long ms = keepsBelowTheDeadline
                        ? Duration.between(ctx.clock().instant(), ctx.deadline()).toMillis() * 4 / 5
                        : ctx.timeout().toMillis();
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(p.host(), p.port()), (int) ms);
                    s.setSoTimeout((int) ms);
                    InputStream in = s.getInputStream();
                    return in.read() < 0 ? CheckResult.critical("closed without a greeting") : CheckResult.ok("greeted");
                } catch (SocketTimeoutException e) {
                    return CheckResult.critical("no answer within " + ms + " ms");
                }
            };
        }
    }

    private static final class Contract extends CheckTypeContract<GreetingType.Params> {
        private final GreetingType type;

        Contract(GreetingType type, Path dir) {
            this.type = type;
            this.tckDirectory = dir;
        }

        @Override
        protected CheckType<GreetingType.Params> type() {
            return type;
        }

        @Override
        protected Map<String, Object> yamlParameters() {
            return Map.of("host", "127.0.0.1", "port", 9);
        }
    }

    @Test
    void aTypeThatWaitsAsLongAsTheDeadlineIsCaughtAsUnknown() {
        try (SilentEndpoint endpoint = new SilentEndpoint()) {
            Map<String, Object> yaml = Map.of("host", endpoint.host(), "port", endpoint.port());
            CheckRun bad = new Contract(new GreetingType(false), dir).runThroughEngine(yaml, Duration.ofSeconds(2));
            assertThat(bad.status()).as(bad.message()).isEqualTo(Status.UNKNOWN);
            CheckRun good = new Contract(new GreetingType(true), dir).runThroughEngine(yaml, Duration.ofSeconds(2));
            assertThat(good.status()).as(good.message()).isEqualTo(Status.CRITICAL);
            assertThat(endpoint.accepted()).isPositive();
        }
    }
}
