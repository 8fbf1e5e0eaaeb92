package dev.runbook.runtime.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    @Test
    void rewritesOneLineWithWhatRunsAndClearsItWhenTheRunEnds() {
        StringWriter err = new StringWriter();
        ProgressLine line = new ProgressLine(new PrintWriter(err), Style.PLAIN);

        line.checkStarted("disk");
        line.checkStarted("api");
        assertThat(err.toString()).isEqualTo("\r\u001b[2K  0 done, running: disk"
                + "\r\u001b[2K  0 done, running: api, disk");

        err.getBuffer().setLength(0);
        String many = "x".repeat(200);
        line.checkStarted(many);
        assertThat(err.toString()).endsWith("...").hasSize("\r\u001b[2K".length() + 150);

        err.getBuffer().setLength(0);
        line.runFinished(null);
        assertThat(err.toString()).isEqualTo("\r\u001b[2K");
    }
}
