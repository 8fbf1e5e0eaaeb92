package dev.runbook.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a check's figures appear in the reports (runbook-format §8), as its type declares it
 * ({@link dev.runbook.core.spi.CheckType#reportPlaces}): the reports pick the checks of a section by these places,
 * never by type name, so a plugin type shows up in {@code resources} or {@code capacity} as a built-in one does.
 * Immutable.
 *
 * <p>The figures each section knows:
 * <ul>
 *   <li>{@code resources}: {@code usage} (average and peak of the metric), {@code level} (its last value, with
 *       average and peak);</li>
 *   <li>{@code capacity}: {@code level} (first → last value over the period, charted with its forecast line),
 *       {@code change} (the metric's last value as a change), {@code time-left} (the metric's last value, seconds
 *       until a limit is reached; absent means never);</li>
 *   <li>{@code performance}: {@code response-times} (the metrics {@code avg}, {@code p95}, {@code p99} and
 *       {@code error_rate});</li>
 *   <li>{@code availability}: {@code uptime} (the check's availability, when no SLO names the checks);</li>
 *   <li>{@code security}: {@code time-left} (the metric's last value in whole days remaining);</li>
 *   <li>{@code backup}: {@code latest} (the latest status, its {@code age} and the critical results).</li>
 * </ul>
 *
 * @param section the report section
 * @param figure  how the section shows the check (one of the section's figures above)
 * @param metric  the metric shown; null for the check's primary metric
 * @param label   the words the report line starts with, e.g. {@code CPU usage}; null for the check's title
 */
public record ReportPlace(String section, String figure, String metric, String label) {
    /** The figures each section knows. */
    public static final Map<String, List<String>> FIGURES = Map.of(
            "resources", List.of("usage", "level"),
            "capacity", List.of("level", "change", "time-left"),
            "performance", List.of("response-times"),
            "availability", List.of("uptime"),
            "security", List.of("time-left"),
            "backup", List.of("latest"));

    public ReportPlace {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(figure, "figure");
        List<String> figures = FIGURES.get(section);
        if (figures == null) {
            throw new IllegalArgumentException("report place: no section '" + section + "' takes check figures;"
                    + " sections: " + new java.util.TreeSet<>(FIGURES.keySet()));
        }
        if (!figures.contains(figure)) {
            throw new IllegalArgumentException("report place: section '" + section + "' has no figure '" + figure
                    + "'; its figures: " + figures);
        }
    }

    /** A place showing the check's primary metric under the check's title. */
    public static ReportPlace of(String section, String figure) {
        return new ReportPlace(section, figure, null, null);
    }

    /** The same place with the words its line starts with. */
    public ReportPlace labelled(String label) {
        return new ReportPlace(section, figure, metric, label);
    }

    /** The same place showing {@code metric} instead of the primary one. */
    public ReportPlace showing(String metric) {
        return new ReportPlace(section, figure, metric, label);
    }
}
