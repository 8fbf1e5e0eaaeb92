package dev.runbook.yaml;

import dev.runbook.core.MetricSpec;
import dev.runbook.core.model.SloDefinition;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.yaml.YNode.Entry;
import dev.runbook.yaml.YNode.YMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads {@code slo:}: availability and metric objectives over their windows. One per load; not thread-safe. */
final class SloReader extends NodeReader {
    private final CheckReader checks;

    SloReader(Loading loading, CheckReader checks) {
        super(loading);
        this.checks = checks;
    }

    List<SloDefinition> buildSlos() {
        List<SloDefinition> out = new ArrayList<>();
        for (Entry e : section("slo").values()) {
            String id = e.key().text();
            if (!validId(e.key(), "slo")) {
                continue;
            }
            YMap m = map(e.value(), "slo '" + id + "'");
            if (m == null) {
                continue;
            }
            keys(m, Set.of("from", "objective", "max", "window"), "slo '" + id + "'");
            if (m.get("from") == null) {
                problems.error(m, "slo '" + id + "' has no from: expected a check id (availability) or <check>.<metric>");
                continue;
            }
            String from = text(m.get("from"), "from");
            if (from == null) {
                continue;
            }
            Duration window = m.get("window") == null ? Duration.ofDays(30) : duration(m.get("window"), "window");
            Double objective = null;
            Double max = null;
            String maxText = null;
            if (from.contains(".")) {
                MetricSpec ms = checks.metricRef(m.get("from"), from, "slo '" + id + "'");
                if (m.get("max") == null) {
                    problems.error(m, "slo '" + id + "' on a metric needs max: e.g. max: 5s");
                    continue;
                }
                if (m.get("objective") != null) {
                    problems.error(m.get("objective"), "slo '" + id + "': objective applies to availability (from: <check>); "
                            + "a metric SLO takes max:");
                }
                maxText = text(m.get("max"), "max");
                if (maxText == null) {
                    continue;
                }
                try {
                    Quantity q = Quantity.parse(maxText);
                    if (ms != null) {
                        if (q.unit() != null && q.unit().family() != ms.unit().family()) {
                            problems.error(m.get("max"), "slo '" + id + "': max " + maxText + " is a " + q.unit().family().word()
                                    + " but " + from + " is a " + ms.unit().family().word());
                            continue;
                        }
                        max = q.canonicalFor(ms.unit());
                    } else {
                        max = q.unit() == null ? q.number() : q.canonicalIn(q.unit().family());
                    }
                } catch (IllegalArgumentException ex) {
                    problems.error(m.get("max"), "slo '" + id + "': max: " + ex.getMessage());
                    continue;
                }
            } else {
                if (!section("checks").containsKey(from)) {
                    problems.error(m.get("from"), "slo '" + id + "' names unknown check '" + Problems.clip(from) + "'"
                            + Problems.suggestOrList(from, section("checks").keySet()));
                    continue;
                }
                if (m.get("objective") == null) {
                    problems.error(m, "slo '" + id + "' on availability needs objective: e.g. objective: 99.0%");
                    continue;
                }
                Double o = number(m.get("objective"), "objective", 0);
                if (o == null) {
                    continue;
                }
                if (o <= 0 || o > 100) {
                    problems.error(m.get("objective"), "slo '" + id + "': objective must be above 0% and at most 100%, found " + o);
                    continue;
                }
                objective = o;
            }
            out.add(new SloDefinition(id, from, objective, max, maxText, window));
        }
        return out;
    }
}
