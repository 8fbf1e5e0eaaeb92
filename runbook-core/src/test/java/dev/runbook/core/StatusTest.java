package dev.runbook.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatusTest {
    @Test
    void ordersOkWarningUnknownCritical() {
        assertThat(Status.worst(List.of(Status.OK, Status.WARNING))).isEqualTo(Status.WARNING);
        assertThat(Status.worst(List.of(Status.WARNING, Status.UNKNOWN))).isEqualTo(Status.UNKNOWN);
        assertThat(Status.worst(List.of(Status.UNKNOWN, Status.CRITICAL, Status.OK))).isEqualTo(Status.CRITICAL);
        assertThat(Status.worst(List.of())).isEqualTo(Status.OK);
    }

    @Test
    void exitCodesAreThePluginCodes() {
        assertThat(Status.OK.exitCode()).isZero();
        assertThat(Status.WARNING.exitCode()).isEqualTo(1);
        assertThat(Status.CRITICAL.exitCode()).isEqualTo(2);
        assertThat(Status.UNKNOWN.exitCode()).isEqualTo(3);
        assertThat(Status.fromExitCode(4)).isEqualTo(Status.UNKNOWN);
        assertThat(Status.fromExitCode(2)).isEqualTo(Status.CRITICAL);
    }
}
