package dev.runbook.checks.expr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.MetricSpec;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeRegistry;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The content check and action types are found through ServiceLoader, with the parameter keys and metrics of §4. */
class ContentTypesRegistrationTest {
    private final TypeRegistry registry = TypeRegistry.load();

    private static List<String> components(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<String> metricNames(String type) throws Exception {
        CheckType t = registry.checkType(type).orElseThrow();
        Object params = t.parameterType().getRecordComponents().length == 0 ? null : nullRecord(t.parameterType());
        List<MetricSpec> specs = t.metrics(params);
        return specs.stream().map(MetricSpec::name).toList();
    }

    private static Object nullRecord(Class<?> c) throws Exception {
        RecordComponent[] rc = c.getRecordComponents();
        Class<?>[] types = Arrays.stream(rc).map(RecordComponent::getType).toArray(Class[]::new);
        return c.getDeclaredConstructor(types).newInstance(new Object[rc.length]);
    }

    @Test
    void registersEveryContentCheckAndAction() {
        assertThat(registry.checkTypes()).containsKeys("http", "tls", "sqlite", "file", "backup", "log", "journal",
                "access-log", "expr");
        assertThat(registry.actionTypes()).containsKeys("sqlite-backup", "restore-test");
    }

    @Test
    void parameterRecordsUseTheSpecsKeysInCamelCase() {
        Map<String, List<String>> expected = Map.of(
                "http", List.of("url", "method", "headers", "body", "basicAuth", "expect", "followRedirects", "insecure"),
                "tls", List.of("host", "port", "servername", "file"),
                "file", List.of("path", "exists", "match", "maxAge", "minSize", "maxSize"),
                "backup", List.of("dir", "maxAge", "contains", "sizeChange", "sqlite"),
                "expr", List.of("expr", "unit", "higherIsWorse"));
        expected.forEach((type, keys) -> assertThat(components(registry.checkType(type).orElseThrow().parameterType()))
                .as(type).containsExactlyElementsOf(keys));
        assertThat(components(registry.checkType("log").orElseThrow().parameterType()))
                .contains("file", "pattern", "window", "timestamp", "extract", "groupBy", "missing");
        assertThat(components(registry.checkType("journal").orElseThrow().parameterType()))
                .contains("unit", "priority", "since", "pattern", "extract", "groupBy", "journalctl");
        assertThat(components(registry.actionType("sqlite-backup").orElseThrow().parameterType()))
                .containsExactly("db", "to", "include", "keep");
    }

    @Test
    void declaresTheMetricsOfTheSpecPrimaryFirst() throws Exception {
        assertThat(metricNames("http")).containsExactly("latency", "status_code");
        assertThat(metricNames("tls")).containsExactly("time_left");
        assertThat(metricNames("sqlite")).containsExactly("size_bytes");
        assertThat(metricNames("file")).containsExactly("age", "size_bytes", "count");
        assertThat(metricNames("backup")).containsExactly("age", "size_bytes", "size_change");
        assertThat(metricNames("log")).containsExactly("matches");
        assertThat(metricNames("journal")).containsExactly("entries");
        assertThat(metricNames("access-log")).containsExactly("error_rate", "requests", "errors", "avg", "p95", "p99",
                "unique_clients", "malformed");
        assertThat(metricNames("expr")).containsExactly("value");
    }
}
