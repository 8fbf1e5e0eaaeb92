package dev.runbook.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.runbook.checks.http.HttpCheckType;
import dev.runbook.core.Secret;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.tck.YamlParameters;
import dev.runbook.yaml.YNode.YMap;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The TCK ({@link YamlParameters}) binds a type's parameters exactly as the YAML loader ({@link ParamBinder}) does:
 * the same YAML through both gives equal records, and the same wrong value the same complaint.
 */
class TckBindingParityTest {
    enum Mode { QUICK, FULL_SCAN }

    record Inner(List<Integer> status, @JsonProperty("body-contains") String bodyContains) {
    }

    record Every(String url, Integer port, int retries, long bytes, Boolean insecure, boolean strict, Double ratio,
                 float weight, Duration timeout, Quantity maxSize, Mode mode, Path file, Secret password,
                 LocalDate until, Map<String, String> headers, Set<String> tags, Inner expect, Map<String, Object> json) {
    }

    private final TypeContext ctx = new TypeContext(Path.of("/srv/runbook"), ZoneOffset.UTC, Clock.systemUTC(), "t");

    /** Binds {@code yaml} through the loader: the record, or the problems' messages. */
    private Object loader(Class<?> type, String yaml) {
        Problems problems = new Problems();
        YNode root = new YamlReader().parse(Path.of("/srv/runbook/rb.yaml"), yaml, problems);
        assertThat(problems.all()).isEmpty();
        ParamBinder binder = new ParamBinder(new Substitutor(Map.of(), Map.of(), Map.of()), problems);
        Object bound = binder.bindRecord((YMap) root, type, Set.of(), "check type t", ctx);
        if (bound == ParamBinder.FAIL) {
            return problems.all().stream().map(Problem::message).collect(Collectors.joining("\n"));
        }
        return bound;
    }

    /** The same YAML as a YAML parser hands it to a TCK user: plain maps, lists and scalars. */
    private Map<String, ?> plain(String yaml) {
        Problems problems = new Problems();
        YNode root = new YamlReader().parse(Path.of("/srv/runbook/rb.yaml"), yaml, problems);
        @SuppressWarnings("unchecked")
        Map<String, ?> m = (Map<String, ?>) new ParamBinder(new Substitutor(Map.of(), Map.of(), Map.of()), problems)
                .natural(root);
        return m;
    }

    @Test
    void everyKindOfValueBindsToEqualRecords() {
        String yaml = """
                url: http://127.0.0.1:8080/health
                port: 8100
                retries: 3.0
                bytes: 12345678901
                insecure: TRUE
                ratio: 0.25
                weight: 2
                timeout: 1.5m
                max_size: 10MB
                mode: full-scan
                file: state/x.pem
                password: hunter2
                until: 2026-12-31
                headers: {Accept: application/json}
                tags: [a, b, a]
                expect: {status: 200, body-contains: ok}
                json: {nested: {n: 1, on: true}, list: [1, x]}
                """;
        Object viaLoader = loader(Every.class, yaml);
        Every viaTck = YamlParameters.bind(Every.class, plain(yaml), ctx);
        assertThat(viaLoader).isInstanceOf(Every.class);
        Every l = (Every) viaLoader;
        assertThat(viaTck).usingRecursiveComparison().ignoringFields("password").isEqualTo(l);
        assertThat(viaTck.password().reveal()).isEqualTo(l.password().reveal()).isEqualTo("hunter2");
        assertThat(viaTck.strict()).isFalse();
        assertThat(viaTck.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(viaTck.file()).isEqualTo(Path.of("/srv/runbook/state/x.pem"));
        assertThat(viaTck.mode()).isEqualTo(Mode.FULL_SCAN);
    }

    @Test
    void aBuiltInTypesParametersBindToEqualRecords() {
        String yaml = """
                url: https://example.test/
                method: POST
                headers: {X-Token: abc}
                basic_auth: {username: ops, password: s3cret}
                expect: {status: [200, "300-399"], body_contains: healthy}
                follow_redirects: true
                """;
        Object viaLoader = loader(HttpCheckType.Params.class, yaml);
        HttpCheckType.Params viaTck = YamlParameters.bind(HttpCheckType.Params.class, plain(yaml), ctx);
        assertThat(viaTck).usingRecursiveComparison().ignoringFields("basicAuth.password").isEqualTo(viaLoader);
        assertThat(viaTck.basicAuth().password().reveal())
                .isEqualTo(((HttpCheckType.Params) viaLoader).basicAuth().password().reveal());
    }

    @Test
    void theSameWrongValueGetsTheSameComplaint() {
        for (String[] bad : new String[][] {
                {"timeout: soon", "expected a duration such as 30s, 10m or 1.5h, found 'soon'"},
                {"timeout: 99999999999d", "expected a duration such as 30s, 10m or 1.5h"},
                {"insecure: yes please", "expected true or false, found 'yes please'"},
                {"port: 8080.5", "expected a whole number, found '8080.5'"},
                {"retries: 70000000000", "expected a whole number that fits in 32 bits"},
                {"ratio: half", "expected a number, found 'half'"},
                {"mode: ful-scan", "expected one of quick, full-scan, found 'ful-scan' (did you mean 'full-scan'?)"},
                {"max_size: lots", "expected a number with an optional unit"},
                {"until: tomorrow", "expected a date such as 2026-12-31, found 'tomorrow'"},
        }) {
            Object viaLoader = loader(Every.class, bad[0]);
            assertThat(viaLoader).as(bad[0]).isInstanceOf(String.class);
            assertThat((String) viaLoader).as(bad[0]).contains(bad[1]);
            assertThatThrownBy(() -> YamlParameters.bind(Every.class, plain(bad[0]), ctx)).as(bad[0])
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad[1]);
        }
    }
}
