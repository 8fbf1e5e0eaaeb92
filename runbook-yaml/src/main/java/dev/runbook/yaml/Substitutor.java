package dev.runbook.yaml;

import dev.runbook.core.Secret;
import dev.runbook.core.action.ShellReferences;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Expands {@code ${name}}, {@code ${env:NAME}}, {@code ${env:NAME:-default}}, {@code ${secret:name}} and
 * {@code $${} in scalar text (runbook-format §3); {@code ${captured.name}} is left for run time. Expanded values
 * are data: never re-parsed. A literal {@code ${captured.} (written {@code $${captured.}, or inside a substituted
 * value) is kept as {@code $${captured.}, the escape that the run-time expansion of captured values turns into the
 * literal text, so it is never expanded. Not thread-safe: one per load.
 */
final class Substitutor {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The expanded text, the secrets it used and, if the whole value was one secret, that secret. */
    record Result(String text, Set<String> secrets, Set<String> missingSecrets, Secret wholeSecret, boolean ok) {
        boolean usesSecret() {
            return !secrets.isEmpty();
        }
    }

    private final Map<String, String> env;
    private final Map<String, String> vars;
    private final Map<String, Secret> secrets;
    /** While expanding a {@code @ShellScript} text: where its values go, as environment variables; else null. */
    private Map<String, String> shellValues;
    /** True while computing a literal value (a var, a secret, an env default): nothing is escaped. */
    private boolean raw;

    Substitutor(Map<String, String> env, Map<String, String> vars, Map<String, Secret> secrets) {
        this.env = env;
        this.vars = vars;
        this.secrets = secrets;
    }

    /**
     * Where expansion happens: NORMAL in type parameters (secrets allowed); PLAIN in the runbook's own words
     * (titles, thresholds, tags, messages: no secrets); SECRETS may miss their env var (a warning); VARS may not
     * name secrets.
     */
    enum Mode { NORMAL, PLAIN, SECRETS, VARS }

    /** The index of the '}' closing a '${' whose body starts at {@code from}, counting nested '${', or -1. */
    private static int closing(String text, int from) {
        int depth = 1;
        for (int j = from; j < text.length(); j++) {
            if (text.startsWith("${", j)) {
                depth++;
                j++;
            } else if (text.charAt(j) == '}' && --depth == 0) {
                return j;
            }
        }
        return -1;
    }

    Result expand(YNode.YScalar node, Problems problems) {
        return expand(node, node.text(), problems, Mode.NORMAL);
    }

    /**
     * Expands a shell script (a {@code @ShellScript} parameter): no value becomes script text. Each value is put
     * into {@code values} as an environment variable {@code RUNBOOK_VALUE_n} and the script gets a quoted reference
     * to it; {@code $${captured.} stays an escape for the run-time expansion of captured values.
     */
    Result expandShell(YNode.YScalar node, Problems problems, Map<String, String> values) {
        shellValues = values;
        try {
            return expand(node, node.text(), problems, Mode.NORMAL);
        } finally {
            shellValues = null;
        }
    }

    /** Appends a substituted value: as text, or in a shell script as a reference to a variable holding it. */
    private void appendValue(StringBuilder out, String value) {
        if (shellValues == null) {
            // a value is data: a ${captured. inside it is escaped so the run-time expansion leaves it as it is
            out.append(raw ? value : value.replace("${captured.", "$${captured."));
            return;
        }
        String var = ShellReferences.VALUE_PREFIX + (shellValues.size() + 1);
        shellValues.put(var, value);
        out.append(ShellReferences.reference(out, var));
    }

    Result expand(YNode at, String text, Problems problems, Mode mode) {
        boolean wasRaw = raw;
        raw = mode != Mode.NORMAL; // vars and secrets keep their literal values; escaping is for final values
        try {
            return expandText(at, text, problems, mode);
        } finally {
            raw = wasRaw;
        }
    }

    private Result expandText(YNode at, String text, Problems problems, Mode mode) {
        if (text.indexOf('$') < 0) {
            return new Result(text, Set.of(), Set.of(), null, true);
        }
        StringBuilder out = new StringBuilder();
        Set<String> used = new LinkedHashSet<>();
        Set<String> missing = new LinkedHashSet<>();
        Secret whole = null;
        boolean ok = true;
        int i = 0;
        int n = text.length();
        int expressions = 0;
        boolean literalOutside = false;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '$' && text.startsWith("$${", i)) {
                // a literal ${captured. keeps its escape for the run-time expansion of captured values (§3)
                out.append(!raw && text.startsWith("captured.", i + 3) ? "$${" : "${");
                i += 3;
                literalOutside = true;
                continue;
            }
            if (c == '$' && text.startsWith("${", i)) {
                int end = closing(text, i + 2);
                if (end < 0) {
                    problems.error(at, "unclosed '${' in '" + Problems.clip(text) + "': expected ${name}, ${env:NAME}, "
                            + "${secret:name} or ${captured.name} (write $${ for a literal ${)");
                    return new Result(text, used, missing, null, false);
                }
                String expr = text.substring(i + 2, end).trim();
                expressions++;
                if (expr.startsWith("env:")) {
                    String rest = expr.substring(4);
                    String name = rest;
                    String def = null;
                    int d = rest.indexOf(":-");
                    if (d >= 0) {
                        name = rest.substring(0, d);
                        def = rest.substring(d + 2);
                    }
                    if (!ENV_NAME.matcher(name).matches()) {
                        problems.error(at, "expected an environment variable name in ${env:" + Problems.clip(rest)
                                + "}, found '" + Problems.clip(name) + "'");
                        ok = false;
                    } else {
                        String v = env.get(name);
                        if (v == null && def == null) {
                            if (mode == Mode.SECRETS) {
                                return new Result("", used, missing, null, false);
                            }
                            problems.error(at, "environment variable " + name + " is not set (give a default with "
                                    + "${env:" + name + ":-default})");
                            ok = false;
                        } else if (v != null) {
                            appendValue(out, v);
                        } else {
                            // a default may itself use substitutions: ${env:A:-${env:B:-x}} or ${env:A:-${var}/x};
                            // in a shell script the whole default is one value
                            Map<String, String> shell = shellValues;
                            boolean wasRaw = raw;
                            shellValues = null;
                            raw = true;
                            Result d2;
                            try {
                                d2 = expandText(at, def, problems, mode);
                            } finally {
                                shellValues = shell;
                                raw = wasRaw;
                            }
                            if (!d2.ok()) {
                                return new Result(text, used, missing, null, false);
                            }
                            used.addAll(d2.secrets());
                            missing.addAll(d2.missingSecrets());
                            appendValue(out, d2.text());
                        }
                    }
                } else if (expr.startsWith("secret:")) {
                    String name = expr.substring(7).trim();
                    if (mode == Mode.PLAIN) {
                        problems.error(at, "${secret:" + Problems.clip(name) + "} cannot be used here: only a type's "
                                + "parameters (url, headers, password, …) and contact addresses take secrets, never "
                                + "titles, ids, labels or other text that is shown");
                        ok = false;
                    } else if (mode != Mode.NORMAL) {
                        problems.error(at, "${secret:" + Problems.clip(name) + "} cannot be used in "
                                + (mode == Mode.VARS ? "vars" : "secrets") + ": use it where the value is needed");
                        ok = false;
                    } else {
                        Secret s = secrets.get(name);
                        if (s == null) {
                            problems.error(at, "unknown secret '" + Problems.clip(name) + "'"
                                    + Problems.suggestOrList(name, secrets.keySet()) + ": declare it under secrets:");
                            ok = false;
                        } else {
                            used.add(name);
                            if (s.isSet()) {
                                appendValue(out, s.reveal());
                            } else {
                                missing.add(name);
                            }
                            whole = s;
                        }
                    }
                } else if (expr.startsWith("captured.")) {
                    out.append(text, i, end + 1);
                    literalOutside = true;
                } else {
                    String v = vars.get(expr);
                    if (v == null) {
                        problems.error(at, "unknown variable '${" + Problems.clip(expr) + "}'"
                                + Problems.suggestOrList(expr, vars.keySet())
                                + ": define it under vars:, or write ${env:NAME}, ${secret:name} or $${ for a literal ${");
                        ok = false;
                    } else {
                        appendValue(out, v);
                    }
                }
                i = end + 1;
                continue;
            }
            out.append(c);
            literalOutside = true;
            i++;
        }
        Secret wholeSecret = expressions == 1 && !literalOutside ? whole : null;
        return new Result(out.toString(), used, missing, wholeSecret, ok);
    }
}
