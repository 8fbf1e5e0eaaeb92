package dev.runbook.core.engine;

import dev.runbook.core.Secret;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secret values out of everything shown, stored or sent: replaces every occurrence of a set secret's value,
 * in any letter case (a probe may print it upper- or lower-cased; perfdata labels are lower-cased into metric
 * names), with {@code ******}. The engine applies it to each {@link CheckRun} as it is built from a probe's result
 * (message, metric names, details, actions) and to every action message, so renderers, the store, reports and the
 * daemon's {@code /metrics} only ever see scrubbed text; the incident store applies the same one to what it writes.
 *
 * <p>Values shorter than 3 characters are not scrubbed (they would blank out ordinary words). Immutable and
 * thread-safe; never blocks.
 */
public final class SecretScrubber {
    /** What a secret value is replaced with. */
    public static final String MASK = "******";
    private static final int MIN_LENGTH = 3;
    private static final SecretScrubber NONE = new SecretScrubber(null);

    private final Pattern values;

    private SecretScrubber(Pattern values) {
        this.values = values;
    }

    /** A scrubber for the set secrets among {@code secrets}. */
    public static SecretScrubber of(Collection<Secret> secrets) {
        List<String> vs = new ArrayList<>();
        for (Secret s : secrets) {
            if (s.isSet() && s.reveal().length() >= MIN_LENGTH) {
                vs.add(s.reveal());
            }
        }
        return ofValues(vs);
    }

    /** A scrubber for these plain values (for stores that keep their own list). */
    public static SecretScrubber ofValues(Collection<String> secretValues) {
        List<String> vs = new ArrayList<>();
        for (String v : secretValues) {
            if (v != null && v.length() >= MIN_LENGTH && !vs.contains(v)) {
                vs.add(v);
            }
        }
        if (vs.isEmpty()) {
            return NONE;
        }
        vs.sort((a, b) -> b.length() - a.length()); // the longest first, so a value containing another goes whole
        StringBuilder alt = new StringBuilder();
        for (String v : vs) {
            if (alt.length() > 0) {
                alt.append('|');
            }
            alt.append(Pattern.quote(v));
        }
        return new SecretScrubber(Pattern.compile(alt.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
    }

    /** {@code text} with every secret value, in any case, replaced by {@link #MASK}; null stays null. */
    public String scrub(String text) {
        if (values == null || text == null || text.isEmpty()) {
            return text;
        }
        Matcher m = values.matcher(text);
        if (!m.find()) {
            return text;
        }
        return m.replaceAll(Matcher.quoteReplacement(MASK));
    }

    /** A check result with its message, metric names, details and action messages scrubbed. */
    public CheckRun scrubbed(CheckRun r) {
        if (values == null || r == null) {
            return r;
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        r.metrics().forEach((k, v) -> metrics.putIfAbsent(scrub(k), v));
        Map<String, Object> details = new LinkedHashMap<>();
        r.details().forEach((k, v) -> details.put(scrub(k), scrubValue(v)));
        List<ActionRun> actions = new ArrayList<>();
        for (ActionRun a : r.actions()) {
            actions.add(new ActionRun(scrub(a.step()), a.outcome(), scrub(a.message()), a.duration()));
        }
        return new CheckRun(r.check(), r.type(), scrub(r.title()), r.status(), r.firstStatus(), r.value(), r.unit(),
                scrub(r.message()), metrics, r.duration(), r.pending(), r.skipped(), r.waived(), r.maintenance(),
                r.flapping(), details, actions, r.at());
    }

    private Object scrubValue(Object v) {
        if (v instanceof String s) {
            return scrub(s);
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k instanceof String ks ? scrub(ks) : k, scrubValue(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object x : l) {
                out.add(scrubValue(x));
            }
            return out;
        }
        return v;
    }
}
