package dev.runbook.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.runbook.core.history.Aggregate;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogHistogramTest {

    @Test
    void exactPercentilesInterpolateLinearlyBetweenClosestRanks() {
        double[] v = {4, 1, 3, 2};
        Aggregate a = Aggregate.exact(v, 4);
        assertThat(a.p95()).isCloseTo(3.85, within(1e-12));
        assertThat(a.p50()).isCloseTo(2.5, within(1e-12));
        assertThat(a.avg()).isEqualTo(2.5);
        assertThat(a.min()).isEqualTo(1);
        assertThat(a.max()).isEqualTo(4);
        assertThat(a.approximate()).isFalse();
    }

    @Test
    void histogramPercentilesStayWithinOnePercentOfExactOnes() {
        Random r = new Random(7);
        for (int round = 0; round < 20; round++) {
            int n = 1 + r.nextInt(5000);
            double[] v = new double[n];
            LogHistogram h = new LogHistogram();
            for (int i = 0; i < n; i++) {
                v[i] = round % 3 == 0 ? Math.exp(r.nextGaussian() * 3) : round % 3 == 1 ? r.nextInt(100) : 1e9 * r.nextDouble();
                h.add(v[i]);
            }
            LogHistogram decoded = LogHistogram.decode(h.encodeBuckets(), h.count(), h.sum(), h.min(), h.max());
            Arrays.sort(v);
            for (double p : new double[] {0, 1, 25, 50, 90, 95, 99, 99.9, 100}) {
                double exact = Aggregate.percentile(v, n, p);
                assertThat(decoded.percentile(p)).as("p%s of %d values", p, n)
                        .isCloseTo(exact, within(Math.abs(exact) * LogHistogram.RELATIVE_ERROR + 1e-9));
            }
        }
    }

    @Test
    void mergedHistogramsKeepExactCountSumMinMax() {
        LogHistogram a = new LogHistogram();
        LogHistogram b = new LogHistogram();
        a.add(-5);
        a.add(0);
        b.add(10);
        b.add(20);
        a.merge(b);
        assertThat(a.count()).isEqualTo(4);
        assertThat(a.sum()).isEqualTo(25);
        assertThat(a.min()).isEqualTo(-5);
        assertThat(a.max()).isEqualTo(20);
        assertThat(a.percentile(0)).isEqualTo(-5);
        assertThat(a.percentile(100)).isEqualTo(20);
        assertThat(a.percentile(100 / 3.0)).isZero();
    }

    @Test
    void metricCodecRoundTripsWholeFloatAndDoubleValues() {
        java.util.Map<String, Double> m = new java.util.LinkedHashMap<>();
        m.put("a", 0.0);
        m.put("b", -3.0);
        m.put("c", 0.5);
        m.put("d", 71.4);
        m.put("e", 2.1e10);
        m.put("f", -0.0);
        m.put("g", 1e300);
        java.util.List<String> names = java.util.List.of("a", "b", "c", "d", "e", "f", "g");
        byte[] b = MetricCodec.encode(m, names::indexOf);
        assertThat(MetricCodec.decode(b, names::get)).containsExactlyEntriesOf(m);
        assertThat(MetricCodec.find(b, 3)).isEqualTo(71.4);
        assertThat(MetricCodec.find(b, 9)).isNaN();
    }
}
