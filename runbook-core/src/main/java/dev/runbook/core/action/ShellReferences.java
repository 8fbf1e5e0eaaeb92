package dev.runbook.core.action;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a substituted value reaches a {@code shell:} script without ever becoming script text (runbook-format §3):
 * the value goes into an environment variable and the script gets a reference to it, quoted for the place where
 * the substitution was written — {@code "${RUNBOOK_VALUE_1}"} outside quotes, {@code ${RUNBOOK_VALUE_1}} inside
 * double quotes, {@code '"${RUNBOOK_VALUE_1}"'} inside single quotes — so the shell expands it as one word of data
 * and never parses it. Used by the YAML loader for vars, env and secrets, and by the {@code command} action for
 * {@code ${captured.NAME}} at run time.
 *
 * <p>The quoting state is followed through backslashes, single and double quotes, {@code $(…)} and backticks;
 * here-documents are not parsed (a reference in one is expanded but keeps its double quotes).
 * Stateless and thread-safe.
 */
public final class ShellReferences {
    /** Prefix of the variables that carry values substituted at load time. */
    public static final String VALUE_PREFIX = "RUNBOOK_VALUE_";
    /** Prefix of the variables that carry {@code ${captured.NAME}} values at run time. */
    public static final String CAPTURED_PREFIX = "RUNBOOK_CAPTURED_";

    private static final Pattern CAPTURED = Pattern.compile("\\$?\\$\\{captured\\.([A-Za-z0-9_-]+)}");

    private ShellReferences() {
    }

    /** The text to append to {@code scriptSoFar} so that the shell reads variable {@code name} as one word. */
    public static String reference(CharSequence scriptSoFar, String name) {
        return switch (stateAtEnd(scriptSoFar)) {
            case DOUBLE -> "${" + name + "}";
            case SINGLE -> "'\"${" + name + "}\"'";
            default -> "\"${" + name + "}\"";
        };
    }

    /** A script whose substituted values travel as environment variables. */
    public record Bound(String script, Map<String, String> env) {
    }

    /**
     * Replaces every {@code ${captured.NAME}} in {@code script} with a reference to a variable {@code
     * RUNBOOK_CAPTURED_n} holding {@code value.apply(NAME)}; {@code $${captured.NAME}} becomes the literal text
     * {@code ${captured.NAME}}.
     */
    public static Bound bindCaptured(String script, UnaryOperator<String> value) {
        if (script == null || !script.contains("{captured.")) {
            return new Bound(script, Map.of());
        }
        Matcher m = CAPTURED.matcher(script);
        StringBuilder out = new StringBuilder();
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> varByName = new LinkedHashMap<>();
        int last = 0;
        while (m.find()) {
            out.append(script, last, m.start());
            last = m.end();
            if (m.group().startsWith("$$")) {
                out.append(m.group(), 1, m.group().length()); // the escape: a literal ${captured.NAME}
                continue;
            }
            String name = m.group(1);
            String var = varByName.computeIfAbsent(name, n -> CAPTURED_PREFIX + (varByName.size() + 1));
            env.putIfAbsent(var, value.apply(name));
            out.append(reference(out, var));
        }
        out.append(script, last, script.length());
        return new Bound(out.toString(), env);
    }

    private enum State { PLAIN, SINGLE, DOUBLE }

    /** The quoting state at the end of {@code s}: a small stack for $( ) and backticks, each with its own quotes. */
    static State stateAtEnd(CharSequence s) {
        State[] stack = new State[64];
        int[] parens = new int[64];
        boolean[] backtick = new boolean[64];
        int top = 0;
        stack[0] = State.PLAIN;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            State st = stack[top];
            if (st == State.SINGLE) {
                if (c == '\'') {
                    stack[top] = State.PLAIN;
                }
                continue;
            }
            if (c == '\\') {
                i++;
                continue;
            }
            if (st == State.DOUBLE && c == '"') {
                stack[top] = State.PLAIN;
                continue;
            }
            if (c == '$' && i + 1 < n && s.charAt(i + 1) == '(' && top < stack.length - 1) {
                i++;
                top++;
                stack[top] = State.PLAIN;
                parens[top] = 0;
                backtick[top] = false;
                continue;
            }
            if (c == '`') {
                if (top > 0 && backtick[top] && st == State.PLAIN) {
                    top--;
                } else if (top < stack.length - 1) {
                    top++;
                    stack[top] = State.PLAIN;
                    parens[top] = 0;
                    backtick[top] = true;
                }
                continue;
            }
            if (st == State.DOUBLE) {
                continue;
            }
            switch (c) {
                case '\'' -> stack[top] = State.SINGLE;
                case '"' -> stack[top] = State.DOUBLE;
                case '(' -> parens[top]++;
                case ')' -> {
                    if (parens[top] > 0) {
                        parens[top]--;
                    } else if (top > 0 && !backtick[top]) {
                        top--;
                    }
                }
                default -> {
                }
            }
        }
        return stack[top];
    }
}
