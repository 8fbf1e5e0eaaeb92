package dev.runbook.checks.history;

/**
 * A reference {@code <check>.<metric>} as history-based checks take it in {@code from}. Immutable.
 *
 * @param check  the check id
 * @param metric the metric name
 */
record MetricRef(String check, String metric) {

    static MetricRef parse(String param, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(param + ": expected a metric reference such as disk.used, found nothing");
        }
        int dot = text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1 || text.indexOf('.', dot + 1) >= 0) {
            throw new IllegalArgumentException(param + ": expected a metric reference <check>.<metric> such as"
                    + " disk.used, found '" + text + "'");
        }
        return new MetricRef(text.substring(0, dot), text.substring(dot + 1));
    }

    @Override
    public String toString() {
        return check + "." + metric;
    }
}
