package dev.runbook.core.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellReferencesTest {

    @Test
    void quotesAReferenceForWhereItIsWritten() {
        assertThat(ShellReferences.reference("echo ", "V")).isEqualTo("\"${V}\"");
        assertThat(ShellReferences.reference("echo \"a ", "V")).isEqualTo("${V}");
        assertThat(ShellReferences.reference("echo 'a ", "V")).isEqualTo("'\"${V}\"'");
        assertThat(ShellReferences.reference("echo \"a\" 'b' \\' ", "V")).isEqualTo("\"${V}\"");
        assertThat(ShellReferences.reference("echo \"$(echo ", "V")).isEqualTo("\"${V}\"");
        assertThat(ShellReferences.reference("echo \"$(echo (x) 'y') ", "V")).isEqualTo("${V}");
        assertThat(ShellReferences.reference("echo `echo \"", "V")).isEqualTo("${V}");
        assertThat(ShellReferences.reference("echo \"it\\\"s ", "V")).isEqualTo("${V}");
    }

    @Test
    void bindsCapturedValuesAsVariablesAndKeepsTheEscapeLiteral() {
        ShellReferences.Bound b = ShellReferences.bindCaptured(
                "echo ${captured.a} \"${captured.a}\" '$${captured.b}'", n -> "v-" + n);
        assertThat(b.script()).isEqualTo("echo \"${RUNBOOK_CAPTURED_1}\" \"${RUNBOOK_CAPTURED_1}\" '${captured.b}'");
        assertThat(b.env()).isEqualTo(Map.of("RUNBOOK_CAPTURED_1", "v-a"));
    }

    @Test
    void capturedValuesKeepTheEscapeAndAreNotExpandedTwice() {
        assertThat(CapturedValues.expand("$${captured.a} ${captured.a}", Map.of("a", "${captured.a}"), false))
                .isEqualTo("${captured.a} ${captured.a}");
    }
}
