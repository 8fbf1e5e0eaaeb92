package dev.runbook.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.Secret;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.spi.TypeContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlParametersTest {
    enum Mode { QUICK, FULL_SCAN }

    record Expect(List<Integer> status, String bodyContains) {
    }

    record Params(String url, Integer port, Boolean insecure, Duration timeout, Quantity maxSize, Mode mode, Path file,
                  Secret password, Map<String, String> headers, Expect expect, long count) {
    }

    record Strict(int port) {
        Strict {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port: expected 1 to 65535, found " + port);
            }
        }
    }

    private final TypeContext ctx = new TypeContext(Path.of("/srv/runbook"), ZoneOffset.UTC, Clock.systemUTC(), "t");

    @Test
    void bindsSnakeCaseKeysAndConvertsScalarsAsTheLoaderDoes() {
        Params p = YamlParameters.bind(Params.class, Map.of("url", "http://127.0.0.1/", "port", 8100,
                "insecure", "true", "timeout", "1.5s", "max_size", "10MB", "mode", "full-scan", "file", "state/x.pem",
                "password", "hunter2", "headers", Map.of("Accept", "application/json"),
                "expect", Map.of("status", List.of(200, "204"), "body_contains", "ok")), ctx);
        assertThat(p.url()).isEqualTo("http://127.0.0.1/");
        assertThat(p.port()).isEqualTo(8100);
        assertThat(p.insecure()).isTrue();
        assertThat(p.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(p.maxSize()).isEqualTo(Quantity.parse("10MB"));
        assertThat(p.mode()).isEqualTo(Mode.FULL_SCAN);
        assertThat(p.file()).isEqualTo(Path.of("/srv/runbook/state/x.pem"));
        assertThat(p.password().reveal()).isEqualTo("hunter2");
        assertThat(p.headers()).containsEntry("Accept", "application/json");
        assertThat(p.expect().status()).containsExactly(200, 204);
        assertThat(p.expect().bodyContains()).isEqualTo("ok");
        assertThat(p.count()).isZero(); // absent primitive: its zero, as the loader gives
    }

    @Test
    void refusesAnUnknownKeyNamingItAndTheKnownKeys() {
        assertThatThrownBy(() -> YamlParameters.bind(Expect.class, Map.of("statuss", 200), ctx))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown key 'statuss'").hasMessageContaining("status, body_contains");
    }

    @Test
    void refusesAValueOfTheWrongShapeNamingTheKey() {
        assertThatThrownBy(() -> YamlParameters.bind(Params.class, Map.of("timeout", "soon"), ctx))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'timeout'");
        assertThatThrownBy(() -> YamlParameters.bind(Params.class, Map.of("headers", List.of("a")), ctx))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'headers': expected a mapping");
        assertThatThrownBy(() -> YamlParameters.bind(Params.class, Map.of("insecure", "yes please"), ctx))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected true or false");
    }

    @Test
    void passesOnTheRecordsOwnValidation() {
        assertThatThrownBy(() -> YamlParameters.bind(Strict.class, Map.of("port", 70000), ctx))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port: expected 1 to 65535");
    }

    @Test
    void aSingleValueWhereAListIsExpectedIsAListOfOne() {
        assertThat(YamlParameters.bind(Expect.class, Map.of("status", 200), ctx).status()).containsExactly(200);
    }
}
