package dev.runbook.checks.systemd;

import dev.runbook.core.spi.ActionType;
import dev.runbook.tck.ActionTypeContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The TCK's contract for the {@code systemd} action type. */
class SystemdActionTypeContractTest extends ActionTypeContract<SystemdActionType.Params> {
    @Override
    protected ActionType<SystemdActionType.Params> type() {
        return new SystemdActionType();
    }

    private Path systemctl() throws Exception {
        Path script = tckDirectory.resolve("systemctl");
        Files.writeString(script, "#!/bin/sh\necho \"$@\" >> " + tckDirectory.resolve("calls") + "\n");
        script.toFile().setExecutable(true);
        return script;
    }

    @Override
    protected Map<String, Object> yamlParameters() throws Exception {
        return Map.of("unit", "httpd", "verb", "restart", "systemctl", systemctl().toString());
    }

    @Override
    protected Object observeSideEffects() throws Exception {
        Path calls = tckDirectory.resolve("calls");
        return Files.exists(calls) ? Files.readString(calls) : "";
    }

    @Override
    protected Map<String, Object> failingParameters() {
        return Map.of("unit", "httpd", "verb", "restart", "systemctl", tckDirectory.resolve("no-systemctl").toString());
    }

}
