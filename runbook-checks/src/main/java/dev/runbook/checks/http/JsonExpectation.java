package dev.runbook.checks.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;

/** Evaluates {@code expect.json} against a response body. Thread-safe. */
final class JsonExpectation {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonExpectation() {
    }

    /** A JSON Pointer for a key written as a pointer ({@code /a/b}) or dotted ({@code a.b}). */
    static String pointer(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("expect.json: empty key");
        }
        if (key.startsWith("/")) {
            try {
                JsonPointer.compile(key);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("expect.json: invalid JSON Pointer '" + key + "': " + e.getMessage());
            }
            return key;
        }
        StringBuilder b = new StringBuilder();
        for (String part : key.split("\\.", -1)) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException("expect.json: empty segment in dotted key '" + key + "'");
            }
            b.append('/').append(part.replace("~", "~0").replace("/", "~1"));
        }
        return b.toString();
    }

    /** Null if every expectation holds, else what failed in words. */
    static String check(byte[] body, Map<String, Object> expected) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            return "the body is not JSON";
        }
        if (root == null || root.isMissingNode()) {
            return "the body is empty, expected JSON";
        }
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            JsonNode node = root.at(e.getKey());
            if (node.isMissingNode()) {
                return "JSON " + e.getKey() + " is missing (expected " + e.getValue() + ")";
            }
            if (!matches(node, e.getValue())) {
                return "JSON " + e.getKey() + " is " + node + ", expected " + e.getValue();
            }
        }
        return null;
    }

    private static boolean matches(JsonNode node, Object want) {
        if (want == null) {
            return node.isNull();
        }
        if (want instanceof Boolean bool) {
            return node.isBoolean() ? node.booleanValue() == bool : node.asText().equals(bool.toString());
        }
        if (want instanceof Number num) {
            if (node.isNumber()) {
                return node.decimalValue().compareTo(new BigDecimal(num.toString())) == 0;
            }
            return node.isTextual() && node.asText().equals(num.toString());
        }
        if (want instanceof String s) {
            return node.isValueNode() ? node.asText().equals(s) : node.toString().equals(s);
        }
        return MAPPER.valueToTree(want).equals(node);
    }
}
