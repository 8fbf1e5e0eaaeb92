package dev.runbook.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The generated JSON Schema accepts every example and rejects typical mistakes. */
class SchemaTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static JsonSchema schema() {
        String text = new RunbookLoader(SpecTypes.registry(), Map.of(), Clock.systemUTC()).schema();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(text);
    }

    static Set<ValidationMessage> validate(String yaml) throws IOException {
        return schema().validate(YAML.readTree(yaml));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ai-estimator/runbook.yaml", "ai-estimator/escalation.yaml", "host/runbook.yaml"})
    void everyExampleValidates(String name) throws IOException {
        JsonNode doc = YAML.readTree(ExamplesTest.EXAMPLES.resolve(name).toFile());
        if (name.endsWith("escalation.yaml")) { // an included part: give it the required keys
            ((com.fasterxml.jackson.databind.node.ObjectNode) doc).put("runbook", "part").put("version", 1);
        }
        assertThat(schema().validate(doc)).isEmpty();
    }

    @Test
    void schemaIsDraft202012AndListsEveryCheckType() {
        String text = new RunbookLoader(SpecTypes.registry(), Map.of(), Clock.systemUTC()).schema();
        assertThat(text).contains("https://json-schema.org/draft/2020-12/schema", "\"access-log\"", "\"older_than\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "version: 1\n",                                                       // runbook missing
            "runbook: x\nversion: 2\n",                                           // wrong version
            "runbook: x\nversion: 1\nchekcs: {}\n",                               // unknown top-level key
            "runbook: x\nversion: 1\nchecks: { d: { type: disk, pth: / } }\n",     // unknown type key
            "runbook: x\nversion: 1\nchecks: { d: { type: dsik } }\n",             // unknown type
            "runbook: x\nversion: 1\nchecks: { Disk_1: { type: disk, path: / } }\n", // bad id
            "runbook: x\nversion: 1\nprocedures: { p: { steps: [ { sleep: 3s } ] } }\n", // unknown step form
            "runbook: x\nversion: 1\nactions: { r: { type: systemd, unit: x, verb: bounce } }\n", // bad enum
            "runbook: x\nversion: 1\nreports: { d: { period: year } }\n",          // bad period
    })
    void rejectsInvalidFiles(String yaml) throws IOException {
        assertThat(validate(yaml)).isNotEmpty();
    }
}
