package dev.runbook.checks.systemd;

import dev.runbook.core.spi.CheckType;
import dev.runbook.tck.CheckTypeContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The TCK's contract for the {@code systemd} check type. */
class SystemdCheckTypeContractTest extends CheckTypeContract<SystemdCheckType.Params> {
    @Override
    protected CheckType<SystemdCheckType.Params> type() {
        return new SystemdCheckType();
    }

    private Path systemctl(String stdout, int exit) throws Exception {
        Path out = tckDirectory.resolve("stdout-" + exit + ".txt");
        Files.writeString(out, stdout);
        Path script = tckDirectory.resolve("systemctl-" + exit);
        Files.writeString(script, "#!/bin/sh\ncat " + out + "\nexit " + exit + "\n");
        script.toFile().setExecutable(true);
        return script;
    }

    @Override
    protected Map<String, Object> yamlParameters() throws Exception {
        return Map.of("units", List.of("httpd"), "systemctl", systemctl("Id=httpd.service\nLoadState=loaded\n"
                + "ActiveState=active\nSubState=running\n\n", 0).toString());
    }

    @Override
    protected Map<String, Object> unjudgeableParameters() {
        return Map.of("units", List.of("httpd"), "systemctl", tckDirectory.resolve("no-systemctl").toString());
    }

}
