package dev.runbook.reports;

import static dev.runbook.reports.ReportFixture.TOKYO;
import static dev.runbook.reports.ReportFixture.record;
import static dev.runbook.reports.ReportFixture.result;
import static dev.runbook.reports.ReportFixture.tokyo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.core.Check;
import dev.runbook.core.CheckResult;
import dev.runbook.core.ManualClock;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.ReportPlace;
import dev.runbook.core.Status;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.dsl.RunbookBuilder;
import dev.runbook.store.SqliteRunStore;
import dev.runbook.yaml.LoadResult;
import dev.runbook.yaml.RunbookLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * runbook-format §8 with #11: report sections pick their checks by the places the check's type declares
 * ({@link CheckType#reportPlaces}), never by type name, so check types that are not built in — here {@code gpu}
 * and {@code bucket}, registered like any plugin — appear in {@code resources} and {@code capacity} (and the
 * capacity chart) the way cpu and disk do.
 */
class PluginReportPlacesTest {
    @TempDir
    Path dir;

    /** A plugin GPU probe: its usage belongs with CPU and memory. */
    public static final class GpuType implements CheckType<GpuType.Params> {
        /** @param device the GPU */
        public record Params(String device) {
        }

        @Override
        public String name() {
            return "gpu";
        }

        @Override
        public Class<Params> parameterType() {
            return Params.class;
        }

        @Override
        public List<MetricSpec> metrics(Params p) {
            return List.of(MetricSpec.higherIsWorse("busy", Unit.PERCENT));
        }

        @Override
        public Check create(Params p, TypeContext ctx) {
            return c -> CheckResult.ok("idle");
        }

        @Override
        public List<ReportPlace> reportPlaces(Params p) {
            return List.of(ReportPlace.of("resources", "usage").labelled("GPU usage"));
        }
    }

    /** A plugin object-store bucket: its size is a level, and capacity follows how it grows. */
    public static final class BucketType implements CheckType<BucketType.Params> {
        /** @param bucket the bucket's name */
        public record Params(String bucket) {
        }

        @Override
        public String name() {
            return "bucket";
        }

        @Override
        public Class<Params> parameterType() {
            return Params.class;
        }

        @Override
        public List<MetricSpec> metrics(Params p) {
            return List.of(MetricSpec.informational("objects", Unit.COUNT),
                    MetricSpec.higherIsWorse("size", Unit.BYTES));
        }

        @Override
        public Check create(Params p, TypeContext ctx) {
            return c -> CheckResult.ok("listed");
        }

        @Override
        public List<ReportPlace> reportPlaces(Params p) {
            return List.of(ReportPlace.of("resources", "level").showing("size").labelled("bucket size"),
                    ReportPlace.of("capacity", "level").showing("size"));
        }
    }

    private static TypeRegistry types() {
        return TypeRegistry.builder().addAll(TypeRegistry.load()).check(new GpuType()).check(new BucketType()).build();
    }

    private Runbook load() throws Exception {
        Path f = dir.resolve("plugins.yaml");
        Files.writeString(f, """
                runbook: plugins
                version: 1
                timezone: Asia/Tokyo
                checks:
                  gpu0: { type: gpu, title: GPU 0, device: gpu0, warning: 90% }
                  uploads: { type: bucket, title: Uploads bucket, bucket: uploads, thresholds: { size: { warning: 8GB } } }
                reports:
                  daily:
                    title: Daily
                    period: day
                    sections: [resources, capacity]
                """);
        LoadResult r = new RunbookLoader(types(), Map.of(), Clock.systemUTC()).load(f);
        assertThat(r.errors()).isEmpty();
        return r.runbook();
    }

    private Path history() {
        Path store = dir.resolve("plugins.db");
        Instant first = tokyo(10, 21, 9, 0);
        ManualClock clock = new ManualClock(first, TOKYO);
        double[] busy = {10, 50, 30};
        double gib = 1024.0 * 1024 * 1024;
        double[] size = {4 * gib, 5 * gib, 6 * gib};
        try (SqliteRunStore s = SqliteRunStore.open(store, Duration.ofDays(400), clock)) {
            for (int i = 0; i < 3; i++) {
                Instant t = first.plus(Duration.ofHours(3L * i));
                clock.set(t);
                record(s, t, result("gpu0", t, Status.OK, Unit.PERCENT, Map.of("busy", busy[i]), List.of()),
                        result("uploads", t, Status.OK, Unit.COUNT, Map.of("objects", 100.0 + i, "size", size[i]),
                                List.of()));
            }
        }
        return store;
    }

    @Test
    void pluginTypesAppearInTheSectionsTheirTypesDeclare() throws Exception {
        Runbook rb = load();
        assertThat(rb.checks().get("gpu0").reportPlaces())
                .containsExactly(new ReportPlace("resources", "usage", null, "GPU usage"));
        Path store = history();
        ManualClock clock = new ManualClock(tokyo(10, 21, 23, 0), TOKYO);
        String text = ReportFixture.render(rb, store, "daily", LocalDate.of(2026, 10, 21), "text", clock);
        assertThat(text).contains("■ Resource Usage\n- Average GPU usage: 30%\n- Peak GPU usage: 50%\n"
                + "- Bucket size: 6.0 GiB (average 5.0 GiB, peak 6.0 GiB)\n");
        assertThat(text).contains("■ Capacity\n- Uploads bucket: 4.0 GiB → 6.0 GiB (+2.0 GiB)\n");
        JsonNode json = new ObjectMapper().readTree(ReportFixture.render(rb, store, "daily", LocalDate.of(2026, 10, 21),
                "json", clock));
        JsonNode resources = json.path("sections").path("resources");
        assertThat(resources.path("gpu0").path("type").asText()).isEqualTo("gpu");
        assertThat(resources.path("gpu0").path("peak").asDouble()).isEqualTo(50.0);
        assertThat(resources.path("uploads").path("type").asText()).isEqualTo("bucket");
        assertThat(json.path("sections").path("capacity").path("uploads").path("change").asDouble())
                .isEqualTo(2.0 * 1024 * 1024 * 1024);
        String html = ReportFixture.render(rb, store, "daily", LocalDate.of(2026, 10, 21), "html", clock);
        assertThat(html).contains("Uploads bucket with its forecast (uploads.size)");
    }

    @Test
    void theDslCarriesThePlacesOfATypeToo() {
        Runbook rb = RunbookBuilder.runbook("dsl")
                .check("gpu0", c -> c.of(new GpuType(), new GpuType.Params("gpu0")))
                .build();
        assertThat(rb.checks().get("gpu0").reportPlaces()).extracting(ReportPlace::label).containsExactly("GPU usage");
    }

    @Test
    void aPlaceNamingNoSectionOrFigureSaysWhatWasWrong() {
        assertThatThrownBy(() -> ReportPlace.of("resource", "usage"))
                .hasMessageContaining("no section 'resource'").hasMessageContaining("resources");
        assertThatThrownBy(() -> ReportPlace.of("capacity", "peak"))
                .hasMessageContaining("section 'capacity' has no figure 'peak'").hasMessageContaining("time-left");
    }
}
