package dev.runbook.checks.expr;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An arithmetic expression over numbers and metric references: {@code + - * /}, unary minus, parentheses,
 * {@code <check>.<metric>} ({@code errors-24h.entries / access.requests * 100}). A {@code -} directly after a
 * reference is subtraction (metric names have no hyphens); check ids may contain hyphens. Parsed once;
 * immutable and thread-safe.
 */
public final class Expression {
    private static final Pattern REF = Pattern.compile("[a-z0-9][a-z0-9-]*\\.[a-z][a-z0-9_]*");
    private static final Pattern NUMBER = Pattern.compile("(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?");

    /** The outcome of an evaluation: a value, or why there is none. */
    public record Outcome(Double value, String problem) {
    }

    private sealed interface Node permits Num, Ref, Neg, Bin {
    }

    private record Num(double v) implements Node {
    }

    private record Ref(String ref) implements Node {
    }

    private record Neg(Node n) implements Node {
    }

    private record Bin(char op, Node l, Node r) implements Node {
    }

    private final String text;
    private final Node root;
    private final List<String> refs;

    private Expression(String text, Node root, List<String> refs) {
        this.text = text;
        this.root = root;
        this.refs = refs;
    }

    /**
     * Parses an expression.
     *
     * @throws IllegalArgumentException saying where and what was expected
     */
    public static Expression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("expr: required, e.g. \"errors-24h.entries / access.requests * 100\"");
        }
        Parser p = new Parser(text);
        Node n = p.expr();
        p.skip();
        if (p.pos < text.length()) {
            throw p.error("an operator or the end");
        }
        return new Expression(text, n, List.copyOf(p.refs));
    }

    /** The metric references, in order of first appearance. */
    public List<String> references() {
        return refs;
    }

    /** The check ids referenced. */
    public List<String> checks() {
        Set<String> ids = new LinkedHashSet<>();
        for (String r : refs) {
            ids.add(r.substring(0, r.indexOf('.')));
        }
        return List.copyOf(ids);
    }

    /** Evaluates with values looked up by reference. */
    public Outcome evaluate(Function<String, OptionalDouble> lookup) {
        try {
            return new Outcome(eval(root, lookup, null), null);
        } catch (NoValue e) {
            return new Outcome(null, e.getMessage());
        }
    }

    /** Evaluates with a map of values (for tests and the DSL). */
    public Outcome evaluate(Map<String, Double> values) {
        return evaluate(r -> values.containsKey(r) ? OptionalDouble.of(values.get(r)) : OptionalDouble.empty());
    }

    private static double eval(Node n, Function<String, OptionalDouble> lookup, Object unused) {
        if (n instanceof Num num) {
            return num.v();
        }
        if (n instanceof Ref ref) {
            OptionalDouble v = lookup.apply(ref.ref());
            if (v.isEmpty()) {
                throw new NoValue("no value for " + ref.ref() + " in this run");
            }
            return v.getAsDouble();
        }
        if (n instanceof Neg neg) {
            return -eval(neg.n(), lookup, null);
        }
        Bin b = (Bin) n;
        double l = eval(b.l(), lookup, null);
        double r = eval(b.r(), lookup, null);
        switch (b.op()) {
            case '+': return l + r;
            case '-': return l - r;
            case '*': return l * r;
            default:
                if (r == 0) {
                    throw new NoValue("division by zero: " + describe(b.r()) + " is 0");
                }
                return l / r;
        }
    }

    private static String describe(Node n) {
        if (n instanceof Ref r) {
            return r.ref();
        }
        if (n instanceof Num num) {
            return Double.toString(num.v());
        }
        return "the divisor";
    }

    @Override
    public String toString() {
        return text;
    }

    private static final class NoValue extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoValue(String m) {
            super(m, null, false, false);
        }
    }

    private static final class Parser {
        final String s;
        int pos;
        final List<String> refs = new ArrayList<>();

        Parser(String s) {
            this.s = s;
        }

        void skip() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        IllegalArgumentException error(String expected) {
            String found = pos >= s.length() ? "the end" : "'" + s.charAt(pos) + "'";
            return new IllegalArgumentException("expr: at column " + (pos + 1) + " of \"" + s + "\": expected " + expected
                    + ", found " + found);
        }

        Node expr() {
            Node n = term();
            while (true) {
                skip();
                if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    char op = s.charAt(pos++);
                    n = new Bin(op, n, term());
                } else {
                    return n;
                }
            }
        }

        Node term() {
            Node n = unary();
            while (true) {
                skip();
                if (pos < s.length() && (s.charAt(pos) == '*' || s.charAt(pos) == '/')) {
                    char op = s.charAt(pos++);
                    n = new Bin(op, n, unary());
                } else {
                    return n;
                }
            }
        }

        Node unary() {
            skip();
            if (pos < s.length() && s.charAt(pos) == '-') {
                pos++;
                return new Neg(unary());
            }
            if (pos < s.length() && s.charAt(pos) == '+') {
                pos++;
                return unary();
            }
            return primary();
        }

        Node primary() {
            skip();
            if (pos >= s.length()) {
                throw error("a number, a <check>.<metric> reference or '('");
            }
            if (s.charAt(pos) == '(') {
                pos++;
                Node n = expr();
                skip();
                if (pos >= s.length() || s.charAt(pos) != ')') {
                    throw error("')'");
                }
                pos++;
                return n;
            }
            Matcher ref = REF.matcher(s).region(pos, s.length());
            if (ref.lookingAt()) {
                pos = ref.end();
                if (!refs.contains(ref.group())) {
                    refs.add(ref.group());
                }
                return new Ref(ref.group());
            }
            Matcher num = NUMBER.matcher(s).region(pos, s.length());
            if (num.lookingAt()) {
                pos = num.end();
                return new Num(Double.parseDouble(num.group()));
            }
            throw error("a number, a <check>.<metric> reference or '('");
        }
    }
}
