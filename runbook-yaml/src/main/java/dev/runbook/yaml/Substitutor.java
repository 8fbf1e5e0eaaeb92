package dev.runbook.yaml;

import dev.runbook.core.Secret;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Expands {@code ${name}}, {@code ${env:NAME}}, {@code ${env:NAME:-default}}, {@code ${secret:name}} and
 * {@code $${} in scalar text (runbook-format §3); {@code ${captured.name}} is left for run time. Expanded values
 * are data: never re-parsed. Not thread-safe: one per load.
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

    Result expand(YNode at, String text, Problems problems, Mode mode) {
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
                out.append("${");
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
                            out.append(v);
                        } else {
                            // a default may itself use substitutions: ${env:A:-${env:B:-x}} or ${env:A:-${var}/x}
                            Result d2 = expand(at, def, problems, mode);
                            if (!d2.ok()) {
                                return new Result(text, used, missing, null, false);
                            }
                            used.addAll(d2.secrets());
                            missing.addAll(d2.missingSecrets());
                            out.append(d2.text());
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
                                out.append(s.reveal());
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
                        out.append(v);
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
