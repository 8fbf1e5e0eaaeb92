package dev.runbook.core.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.MetricSpec;
import dev.runbook.core.Status;
import dev.runbook.core.quantity.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThresholdTest {
    static final MetricSpec USED = MetricSpec.higherIsWorse("used", Unit.PERCENT);
    static final MetricSpec TIME_LEFT = MetricSpec.lowerIsWorse("time_left", Unit.SECONDS);
    static final MetricSpec COUNT = MetricSpec.higherIsWorse("count", Unit.COUNT);
    static final MetricSpec CODE = MetricSpec.informational("status_code", Unit.COUNT);

    /**
     * Every range example of the Monitoring Plugins development guidelines ("Threshold and ranges"), plus the
     * boundaries: ends are inclusive, so a value on an end does not alert for a plain range and does for "@".
     */
    @ParameterizedTest(name = "range {0} with {1} alerts: {2}")
    @CsvSource(delimiter = '|', value = {
            // 10: alert if x < 10
            "10:   | 9.99 | true", "10:   | 10 | false", "10:   | 1e9 | false",
            // ~:10: alert if x > 10
            "~:10  | 10.01 | true", "~:10  | 10 | false", "~:10  | -1e9 | false",
            // 10:20: alert if x < 10 or x > 20
            "10:20 | 9 | true", "10:20 | 10 | false", "10:20 | 15 | false", "10:20 | 20 | false", "10:20 | 21 | true",
            // @10:20: alert if 10 <= x <= 20
            "@10:20 | 9 | false", "@10:20 | 10 | true", "@10:20 | 15 | true", "@10:20 | 20 | true", "@10:20 | 21 | false",
            // @10 means inside 0..10
            "@10   | 0 | true", "@10 | 10 | true", "@10 | 11 | false", "@10 | -1 | false",
            // ~: is everything; :10 starts at 0
            ":10   | -1 | true", ":10 | 0 | false", ":10 | 10 | false", ":10 | 11 | true",
            "@~:0  | -5 | true", "@~:0 | 0 | true", "@~:0 | 0.1 | false",
    })
    void followsTheMonitoringPluginsRangeRules(String range, double value, boolean alerts) {
        Threshold t = Threshold.parse(range, COUNT);
        assertThat(t).isInstanceOf(Threshold.Range.class);
        assertThat(t.alerts(value)).isEqualTo(alerts);
    }

    @Test
    void rangesTakeUnitsOfTheMetricsFamily() {
        Threshold t = Threshold.parse("7d:", TIME_LEFT);
        assertThat(t.alerts(6 * 86400)).isTrue();
        assertThat(t.alerts(8 * 86400)).isFalse();
        assertThatThrownBy(() -> Threshold.parse("5GB:", TIME_LEFT)).hasMessageContaining("is a size, expected a duration");
    }

    @Test
    void bareValueAlertsAtOrAboveForHigherIsWorse() {
        Threshold t = Threshold.parse("80%", USED);
        assertThat(t.alerts(79.99)).isFalse();
        assertThat(t.alerts(80)).isTrue();
        assertThat(t.describe(Unit.PERCENT)).isEqualTo("at or above 80%");
    }

    @Test
    void bareValueAlertsAtOrBelowForLowerIsWorse() {
        Threshold t = Threshold.parse("30d", TIME_LEFT);
        assertThat(t.alerts(30 * 86400)).isTrue();
        assertThat(t.alerts(30 * 86400 + 1)).isFalse();
        assertThat(t.describe(Unit.SECONDS)).isEqualTo("at or below 30d");
    }

    @Test
    void aBareNumberWithoutDirectionIsRefusedWithAHint() {
        assertThatThrownBy(() -> Threshold.parse("500", CODE))
                .hasMessageContaining("metric 'status_code' has no direction")
                .hasMessageContaining("\">= 500\"");
    }

    @ParameterizedTest(name = "{0} with {1} alerts: {2}")
    @CsvSource(delimiter = '|', value = {
            ">= 80% | 80 | true", ">= 80% | 79 | false", "> 80% | 80 | false", "> 80% | 80.1 | true",
            "<= 7d | 604800 | true", "< 7d | 604800 | false", "< 7d | 604799 | true",
            "== 0 | 0 | true", "== 0 | 1 | false", "!= 0 | 1 | true", "!= 0 | 0 | false",
            ">=80% | 90 | true",
    })
    void comparisonsHoldAsWritten(String rule, double value, boolean alerts) {
        MetricSpec m = rule.contains("d") ? TIME_LEFT : USED;
        assertThat(Threshold.parse(rule, m).alerts(value)).isEqualTo(alerts);
    }

    @Test
    void thresholdUnitMustFitItsMetric() {
        assertThatThrownBy(() -> Threshold.parse("5s", USED))
                .hasMessage("threshold '5s' for metric 'used' (percentage): '5s' is a duration, expected a percentage");
    }

    @Test
    void reversedAndMalformedRangesAreRefused() {
        assertThatThrownBy(() -> Threshold.parse("20:10", COUNT)).hasMessageContaining("starts above its end");
        assertThatThrownBy(() -> Threshold.parse("1:2:3", COUNT)).hasMessageContaining("more than one ':'");
        assertThatThrownBy(() -> Threshold.parse(" ", COUNT)).hasMessageContaining("found an empty value");
    }

    @Test
    void criticalWinsOverWarning() {
        MetricThresholds t = MetricThresholds.parse(USED, "80%", "90%");
        assertThat(t.evaluate(50)).isEqualTo(Status.OK);
        assertThat(t.evaluate(80)).isEqualTo(Status.WARNING);
        assertThat(t.evaluate(95)).isEqualTo(Status.CRITICAL);
        assertThat(t.describe()).isEqualTo("warning at or above 80%, critical at or above 90%");
    }

    @Test
    void inconsistentBareWarningAndCriticalAreRefused() {
        assertThatThrownBy(() -> MetricThresholds.parse(USED, "90%", "80%"))
                .hasMessageContaining("warning 90% and critical 80% of metric 'used' are inconsistent");
        assertThatThrownBy(() -> MetricThresholds.parse(TIME_LEFT, "7d", "30d"))
                .hasMessageContaining("lower-is-worse metric warning must be at or above critical");
        assertThat(MetricThresholds.parse(TIME_LEFT, "30d", "7d").evaluate(10 * 86400)).isEqualTo(Status.WARNING);
    }
}
