package dev.runbook.reports.document;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.MetricSpec;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.threshold.MetricThresholds;
import org.junit.jupiter.api.Test;

/** Thresholds in the seed's words, from their forms, units and directions. */
class CriteriaTest {
    private static final MetricSpec USED = MetricSpec.higherIsWorse("used", Unit.PERCENT);
    private static final MetricSpec TIME_LEFT = MetricSpec.lowerIsWorse("time_left", Unit.SECONDS);
    private static final MetricSpec SIZE = MetricSpec.higherIsWorse("size_bytes", Unit.BYTES);
    private static final MetricSpec COUNT = MetricSpec.informational("count", Unit.COUNT);

    private static String words(MetricSpec m, String warning, String critical) {
        return Criteria.words(MetricThresholds.parse(m, warning, critical));
    }

    @Test
    void bareValuesOfAHigherIsWorseMetricMakeARange() {
        assertThat(words(USED, "80%", "90%")).isEqualTo("✅ Normal < 80 %, ⚠️ Warning 80–90 %, 🔴 Critical ≥ 90 %");
    }

    @Test
    void bareValuesOfALowerIsWorseMetricAlertBelow() {
        assertThat(words(TIME_LEFT, "30d", "7d")).isEqualTo("✅ Normal > 30 d, ⚠️ Warning 7–30 d, 🔴 Critical ≤ 7 d");
    }

    @Test
    void comparisonsKeepTheirStrictness() {
        assertThat(words(TIME_LEFT, "< 30d", "< 7d")).isEqualTo("✅ Normal ≥ 30 d, ⚠️ Warning 7–30 d, 🔴 Critical < 7 d");
        assertThat(words(USED, "> 80%", null)).isEqualTo("✅ Normal ≤ 80 %, ⚠️ Warning > 80 %");
        assertThat(words(COUNT, null, "== 0")).isEqualTo("✅ Normal otherwise, 🔴 Critical = 0");
    }

    @Test
    void rangesSayInsideAndOutside() {
        assertThat(words(COUNT, "10:20", null)).isEqualTo("✅ Normal 10–20, ⚠️ Warning outside 10–20");
        assertThat(words(COUNT, null, "@10:20")).isEqualTo("✅ Normal outside 10–20, 🔴 Critical 10–20");
        assertThat(words(COUNT, "10:20", "5:30")).isEqualTo("✅ Normal 10–20, ⚠️ Warning outside 10–20, 🔴 Critical outside 5–30");
        assertThat(words(COUNT, "1:", null)).isEqualTo("✅ Normal ≥ 1, ⚠️ Warning outside ≥ 1");
    }

    @Test
    void unitsReadAsPeopleWriteThem() {
        assertThat(words(SIZE, null, "100MB")).isEqualTo("✅ Normal < 100 MB, 🔴 Critical ≥ 100 MB");
        assertThat(words(SIZE, "1GiB", "2GiB")).isEqualTo("✅ Normal < 1 GiB, ⚠️ Warning 1–2 GiB, 🔴 Critical ≥ 2 GiB");
        assertThat(Criteria.duration(86400)).isEqualTo("24 h");
        assertThat(Criteria.duration(90)).isEqualTo("90 s");
        assertThat(Criteria.duration(1800)).isEqualTo("30 min");
        assertThat(Criteria.duration(0.25)).isEqualTo("250 ms");
    }
}
