package dev.runbook.yaml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.core.Secret;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.spi.TypeRegistry;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Generates the JSON Schema (draft 2020-12) of the runbook format from a {@link TypeRegistry}: the fixed keys of
 * runbook-format §3–§8 and, per check, action and notifier type, an {@code if type == X then} branch listing the
 * keys of its parameter record. Stateless per call; thread-safe.
 */
final class SchemaGenerator {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String SUBST = "\\$\\{";

    private final TypeRegistry registry;

    SchemaGenerator(TypeRegistry registry) {
        this.registry = registry;
    }

    String generate() {
        ObjectNode root = F.objectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$id", "https://runbook.dev/schema/runbook-1.json");
        root.put("title", "runbook format, version 1");
        root.put("type", "object");
        root.putArray("required").add("runbook").add("version");
        root.put("additionalProperties", false);
        ObjectNode p = root.putObject("properties");
        p.set("runbook", ref("id"));
        p.set("title", str());
        p.putObject("version").put("const", 1);
        p.set("timezone", str());
        p.set("include", oneOrMany(str()));
        p.set("vars", mapOf(str()));
        p.set("secrets", mapOf(str()));
        ObjectNode storeObj = obj();
        storeObj.putObject("properties").set("path", str());
        ((ObjectNode) storeObj.get("properties")).set("retention", ref("duration"));
        ((ObjectNode) storeObj.get("properties")).set("url", str());
        ((ObjectNode) storeObj.get("properties")).set("username", str());
        ((ObjectNode) storeObj.get("properties")).set("password", str());
        storeObj.put("additionalProperties", false);
        p.set("store", anyOf(str(), storeObj));
        p.set("host", str());
        p.set("checks", idMap(ref("check")));
        p.set("actions", idMap(ref("action")));
        p.set("remediations", idMap(ref("remediation")));
        p.set("procedures", idMap(ref("procedure")));
        p.set("maintenance", arrayOf(ref("window")));
        p.set("escalation", ref("escalation"));
        p.set("notifiers", idMap(ref("notifier")));
        p.set("slo", idMap(ref("slo")));
        p.set("reports", idMap(ref("report")));

        ObjectNode defs = root.putObject("$defs");
        defs.putObject("id").put("type", "string").put("pattern", "^[a-z0-9][a-z0-9-]*$");
        defs.set("duration", anyOf(F.objectNode().put("type", "number").put("minimum", 0),
                F.objectNode().put("type", "string")));
        defs.set("quantity", anyOf(F.objectNode().put("type", "number"), F.objectNode().put("type", "string")));
        defs.set("schedule", oneOrMany(str()));
        defs.set("ids", oneOrMany(str()));
        defs.set("check", typed(registry.checkTypes().keySet(), Assembler.CHECK_COMMON, checkCommon(), "check"));
        defs.set("action", typed(registry.actionTypes().keySet(), Assembler.ACTION_COMMON, actionCommon(), "action"));
        defs.set("notifier", typed(registry.notifierTypes().keySet(), Assembler.NOTIFIER_COMMON, F.objectNode(), "notifier"));
        defs.set("step", step());
        defs.set("steps", arrayOf(ref("step")));
        ObjectNode rem = obj();
        rem.putArray("required").add("steps");
        rem.put("additionalProperties", false);
        ObjectNode rp = rem.putObject("properties");
        rp.set("steps", ref("steps"));
        ObjectNode limit = obj();
        limit.put("additionalProperties", false);
        limit.putArray("required").add("attempts").add("within");
        ObjectNode lp = limit.putObject("properties");
        lp.set("attempts", anyOf(F.objectNode().put("type", "integer").put("minimum", 1), str()));
        lp.set("within", ref("duration"));
        lp.set("then", ref("steps"));
        rp.set("limit", limit);
        defs.set("remediation", anyOf(ref("steps"), rem));
        defs.set("on", anyOf(str(), ref("steps"), ref("step")));
        ObjectNode runOn = F.objectNode();
        runOn.putArray("enum").add("each").add("one");
        defs.set("procedure", closed(Map.of("title", str(), "schedule", ref("schedule"), "steps", ref("steps"),
                "pause_timeout", ref("duration"), "run_on", runOn), "steps"));
        ObjectNode window = closed(Map.of("when", str(), "from", str(), "until", str(), "reason", str()));
        defs.set("window", window);
        defs.set("escalation", escalation());
        defs.set("slo", closed(Map.of("from", str(), "objective", ref("quantity"), "max", ref("quantity"),
                "window", ref("duration")), "from"));
        defs.set("report", closed(Map.of("title", str(), "period", enumOf(Assembler.PERIODS),
                "covers", enumOf(List.of("current", "previous")), "week_start", enumOf(Assembler.DAYS),
                "schedule", ref("schedule"), "sections", arrayOf(enumOf(Assembler.SECTIONS)),
                "metrics", mapOf(closed(Map.of("from", str(), "agg", enumOf(Assembler.AGGS)), "from")),
                "notify", ref("ids"), "format", enumOf(Assembler.FORMATS), "checks", ref("ids"))));
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode checkCommon() {
        ObjectNode c = F.objectNode();
        c.set("title", str());
        c.set("timeout", ref("duration"));
        ObjectNode scope = F.objectNode();
        scope.putArray("enum").add("host").add("fleet");
        c.set("scope", scope);
        c.set("warning", ref("quantity"));
        c.set("critical", ref("quantity"));
        c.set("thresholds", mapOf(closed(Map.of("warning", ref("quantity"), "critical", ref("quantity")))));
        c.set("for", anyOf(F.objectNode().put("type", "integer").put("minimum", 0), str()));
        c.set("recover_for", anyOf(F.objectNode().put("type", "integer").put("minimum", 0), str()));
        c.set("flapping", closed(Map.of("window", anyOf(F.objectNode().put("type", "integer"), str()),
                "low", ref("quantity"), "high", ref("quantity"))));
        c.set("on_warning", ref("on"));
        c.set("on_critical", ref("on"));
        c.set("on_unknown", ref("on"));
        c.set("incident", str());
        c.set("category", str());
        c.set("depends_on", ref("ids"));
        c.set("maintenance", arrayOf(ref("window")));
        c.set("waive", closed(Map.of("until", str(), "reason", str()), "until"));
        c.set("tags", ref("ids"));
        return c;
    }

    private ObjectNode actionCommon() {
        ObjectNode c = F.objectNode();
        c.set("title", str());
        c.set("timeout", ref("duration"));
        return c;
    }

    private ObjectNode typed(Collection<String> names, Collection<String> common, ObjectNode commonProps, String kind) {
        ObjectNode o = obj();
        o.putArray("required").add("type");
        ObjectNode props = o.putObject("properties");
        ObjectNode typeProp = props.putObject("type");
        typeProp.put("type", "string");
        ArrayNode en = typeProp.putArray("enum");
        names.forEach(en::add);
        commonProps.fields().forEachRemaining(e -> props.set(e.getKey(), e.getValue()));
        for (String c : common) {
            if (!props.has(c)) {
                props.set(c, F.objectNode());
            }
        }
        ArrayNode all = o.putArray("allOf");
        for (String name : names) {
            Class<?> pt = parameterType(kind, name);
            ObjectNode branch = all.addObject();
            ObjectNode ifNode = branch.putObject("if");
            ifNode.putObject("properties").putObject("type").put("const", name);
            ifNode.putArray("required").add("type");
            ObjectNode then = branch.putObject("then");
            ObjectNode tp = then.putObject("properties");
            if (pt != null && pt.isRecord()) {
                for (RecordComponent rc : pt.getRecordComponents()) {
                    String key = ParamBinder.keyOf(rc);
                    if (!common.contains(key)) {
                        tp.set(key, valueSchema(rc.getGenericType(), 0));
                    }
                }
            }
        }
        o.put("unevaluatedProperties", false);
        return o;
    }

    private Class<?> parameterType(String kind, String name) {
        return switch (kind) {
            case "check" -> registry.checkType(name).map(t -> (Class<?>) t.parameterType()).orElse(null);
            case "action" -> registry.actionType(name).map(t -> (Class<?>) t.parameterType()).orElse(null);
            default -> registry.notifierType(name).map(t -> (Class<?>) t.parameterType()).orElse(null);
        };
    }

    private ObjectNode valueSchema(Type type, int depth) {
        Class<?> raw = ParamBinder.rawClass(type);
        if (raw == null || depth > 8) {
            return F.objectNode();
        }
        ObjectNode substitution = F.objectNode().put("type", "string").put("pattern", SUBST);
        if (raw == String.class || raw == Secret.class || raw == LocalDate.class || raw == Path.class) {
            ObjectNode scalar = F.objectNode(); // a text parameter also takes a plain number or boolean as written
            scalar.putArray("type").add("string").add("number").add("boolean");
            return scalar;
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return anyOf(F.objectNode().put("type", "boolean"), substitution);
        }
        if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            return anyOf(F.objectNode().put("type", "integer"), substitution);
        }
        if (Number.class.isAssignableFrom(raw) || raw == double.class || raw == float.class) {
            return anyOf(F.objectNode().put("type", "number"), substitution);
        }
        if (raw == Duration.class) {
            return ref("duration");
        }
        if (raw == Quantity.class) {
            return ref("quantity");
        }
        if (raw.isEnum()) {
            ObjectNode e = F.objectNode();
            ArrayNode values = e.putArray("enum");
            for (Object c : raw.getEnumConstants()) {
                values.add(((Enum<?>) c).name().toLowerCase(Locale.ROOT).replace('_', '-'));
                if (((Enum<?>) c).name().contains("_")) {
                    values.add(((Enum<?>) c).name().toLowerCase(Locale.ROOT));
                }
            }
            return anyOf(e, substitution);
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return oneOrMany(valueSchema(ParamBinder.typeArg(type, 0), depth + 1));
        }
        if (Map.class.isAssignableFrom(raw)) {
            return mapOf(valueSchema(ParamBinder.typeArg(type, 1), depth + 1));
        }
        if (raw.isRecord()) {
            ObjectNode o = obj();
            o.put("additionalProperties", false);
            ObjectNode props = o.putObject("properties");
            for (RecordComponent rc : raw.getRecordComponents()) {
                props.set(ParamBinder.keyOf(rc), valueSchema(rc.getGenericType(), depth + 1));
            }
            return o;
        }
        return F.objectNode();
    }

    private ObjectNode step() {
        ObjectNode when = anyOf(closed(Map.of("ok", ref("ids")), "ok"), closed(Map.of("not_ok", ref("ids")), "not_ok"));
        ObjectNode checks = closed(Map.of("checks", ref("ids"), "title", str(), "when", when), "checks");
        ObjectNode gate = F.objectNode().put("type", "boolean");
        return anyOf(str(), ref("action"), checks,
                closed(Map.of("action", str(), "when", when), "action"),
                closed(Map.of("wait", ref("duration"), "when", when), "wait"),
                closed(Map.of("recheck", str(), "when", when), "recheck"),
                closed(Map.of("escalate", str(), "when", when), "escalate"),
                closed(Map.of("report", str(), "when", when), "report"),
                closed(Map.of("manual", str(), "gate", gate, "when", when), "manual"));
    }

    private ObjectNode escalation() {
        ObjectNode then = closed(Map.of("after", ref("duration"), "notify", ref("ids"),
                "unless", F.objectNode().put("const", "acknowledged")), "after");
        ObjectNode level = closed(Map.of("title", str(), "respond", ref("duration"), "notify", ref("ids"),
                "then", arrayOf(then)));
        ObjectNode route = closed(Map.of("category", str(), "notify", ref("ids")), "category");
        ObjectNode contact = closed(Map.of("via", str(), "address", str(), "hours", str()), "via");
        return closed(Map.of("levels", mapOf(level), "routes", arrayOf(route), "updates", ref("duration"),
                "contacts", idMap(contact)));
    }

    // ------------------------------------------------------------------ helpers

    private static ObjectNode obj() {
        return F.objectNode().put("type", "object");
    }

    private static ObjectNode str() {
        return F.objectNode().put("type", "string");
    }

    private static ObjectNode ref(String def) {
        return F.objectNode().put("$ref", "#/$defs/" + def);
    }

    private static ObjectNode anyOf(ObjectNode... options) {
        ObjectNode o = F.objectNode();
        ArrayNode a = o.putArray("anyOf");
        for (ObjectNode x : options) {
            a.add(x);
        }
        return o;
    }

    private static ObjectNode arrayOf(ObjectNode items) {
        ObjectNode o = F.objectNode().put("type", "array");
        o.set("items", items);
        return o;
    }

    private static ObjectNode oneOrMany(ObjectNode item) {
        return anyOf(item.deepCopy(), arrayOf(item));
    }

    private static ObjectNode mapOf(ObjectNode values) {
        ObjectNode o = obj();
        o.set("additionalProperties", values);
        return o;
    }

    private static ObjectNode idMap(ObjectNode values) {
        ObjectNode o = mapOf(values);
        o.putObject("propertyNames").put("pattern", "^[a-z0-9][a-z0-9-]*$");
        return o;
    }

    private static ObjectNode enumOf(List<String> values) {
        ObjectNode o = F.objectNode().put("type", "string");
        ArrayNode a = o.putArray("enum");
        values.forEach(a::add);
        return o;
    }

    private static ObjectNode closed(Map<String, ObjectNode> props, String... required) {
        ObjectNode o = obj();
        ObjectNode p = o.putObject("properties");
        new java.util.TreeMap<>(props).forEach(p::set);
        o.put("additionalProperties", false);
        if (required.length > 0) {
            ArrayNode r = o.putArray("required");
            for (String s : required) {
                r.add(s);
            }
        }
        return o;
    }
}
