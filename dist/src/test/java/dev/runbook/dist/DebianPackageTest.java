package dev.runbook.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runbook.dist.Installation.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package: its control data and file list as {@code dpkg-deb} shows them, and the package extracted
 * into a temporary root and run from there with no Java on the {@code PATH}; its systemd unit through
 * {@code systemd-analyze verify} where that tool exists.
 */
class DebianPackageTest {
    private static final Path SYSTEMD_ANALYZE = Path.of("/usr/bin/systemd-analyze");

    @TempDir
    static Path dir;
    static Path root;
    static Map<String, String> env;

    @BeforeAll
    static void extract() throws Exception {
        root = Files.createDirectories(dir.resolve("root"));
        Installation.tool(dir, "dpkg-deb", "-x", Installation.debianPackage().toAbsolutePath().toString(),
                root.toString()).ok();
        env = Installation.environment(dir);
        env.put("RUNBOOK_NO_CDS", "1");   // no background training racing the temp dir's cleanup
    }

    @Test
    void controlDataNamesThePackageItsVersionAndItsScripts() throws Exception {
        Result r = Installation.tool(dir, "dpkg-deb", "--info", Installation.debianPackage().toString()).ok();
        assertThat(r.out()).contains("Package: runbook", "Version: " + Installation.version().replace('-', '~'),
                "Architecture: amd64", "Depends: bash", "postinst", "postrm", "prerm", "conffiles");
        Result conffiles = Installation.tool(dir, "dpkg-deb", "--info", Installation.debianPackage().toString(),
                "conffiles").ok();
        assertThat(conffiles.out().trim()).isEqualTo("/etc/runbook/host.yaml");
    }

    @Test
    void contentsPutEachFileWhereDebianExpectsIt() throws Exception {
        Result r = Installation.tool(dir, "dpkg-deb", "--contents", Installation.debianPackage().toString()).ok();
        assertThat(r.out()).contains(
                "./usr/bin/runbook -> ../lib/runbook/bin/runbook",
                "./usr/lib/runbook/bin/runbook",
                "./usr/lib/runbook/runtime/bin/java",
                "./usr/lib/runbook/app/runbook.jar",
                "./usr/lib/runbook/app/native/libjnidispatch.so",
                "./usr/lib/runbook/app/native/libsqlitejdbc.so",
                "./usr/lib/runbook/BUILD",
                "./etc/runbook/host.yaml",
                "./lib/systemd/system/runbook@.service",
                "./usr/share/bash-completion/completions/runbook",
                "./usr/share/zsh/vendor-completions/_runbook",
                "./usr/share/doc/runbook/README.Debian",
                "./var/cache/runbook/");
        // dpkg-deb --contents: "MODE OWNER/GROUP SIZE DATE TIME PATH"; whoever built it, root owns every file
        assertThat(Installation.lines(r.out())).isNotEmpty().allSatisfy(line ->
                assertThat(line.trim().split("\\s+")[1]).as(line).isEqualTo("root/root"));
    }

    @Test
    void manPagesAreInstalledWhenTheBuildHadAsciidoctor() throws Exception {
        assumeTrue(onPath("asciidoctor"), "asciidoctor is not installed: the build made no man pages to check");
        for (String page : new String[] {"runbook", "runbook-run", "runbook-validate", "runbook-daemon", "runbook-completion"}) {
            assertThat(root.resolve("usr/share/man/man1/" + page + ".1.gz")).isRegularFile();
        }
        Result man = Installation.tool(dir, "sh", "-c", "gzip -dc '" + root.resolve("usr/share/man/man1/runbook-run.1.gz")
                + "' | head -40").ok();
        assertThat(man.out()).contains(".TH \"RUNBOOK\\-RUN\" \"1\"").contains("\\-\\-procedure");
    }

    @Test
    void completionScriptsCompleteTheVerbs() throws Exception {
        Path bash = root.resolve("usr/share/bash-completion/completions/runbook");
        Installation.tool(dir, "bash", "-n", bash.toString()).ok();
        // completing "runbook va" in bash offers validate
        Result r = Installation.tool(dir, "bash", "-c", "source '" + bash + "'; COMP_WORDS=(runbook va); COMP_CWORD=1; "
                + "COMP_LINE='runbook va'; COMP_POINT=10; _complete_runbook; printf '%s\\n' \"${COMPREPLY[@]}\"").ok();
        assertThat(Installation.lines(r.out())).contains("validate");
        String zsh = Files.readString(root.resolve("usr/share/zsh/vendor-completions/_runbook"), StandardCharsets.UTF_8);
        assertThat(zsh).startsWith("#compdef runbook\n").contains("bashcompinit").contains("daemon");
    }

    @Test
    void extractedPackageValidatesAndRunsTheHostExample() throws Exception {
        String runbook = root.resolve("usr/bin/runbook").toString();
        String host = root.resolve("etc/runbook/host.yaml").toString();
        Result v = Installation.run(dir, env, runbook, "validate", host).ok();
        assertThat(v.out()).contains("valid");
        Result r = Installation.run(dir, env, runbook, "run", host, "--format", "nagios");
        assertThat(r.exitCode()).as(r.toString()).isBetween(0, 2);
        assertThat(r.out()).startsWith("RUNBOOK ").contains("'disk.used'=");
        assertThat(dir.resolve("state/host.db")).isRegularFile();
    }

    @Test
    void makesTheArchivePostinstMakesAndStartsWithIt() throws Exception {
        assumeTrue(!Files.exists(root.resolve("usr/lib/runbook/app/runbook.aot")),
                "this runtime ships an ahead-of-time cache: there is no install-time archive to make");
        Path cache = dir.resolve("var-cache-runbook");
        String runbook = root.resolve("usr/bin/runbook").toString();
        Map<String, String> e = new HashMap<>(env);
        e.remove("RUNBOOK_NO_CDS");
        Installation.run(dir, e, runbook, "--make-archive", cache.toString()).ok();
        try (var s = Files.list(cache)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).singleElement().satisfies(n ->
                    assertThat(n).matches("runbook-[0-9]+\\.jsa"));
        }
    }

    @Test
    void unitRunsTheDaemonOnItsInstanceWithRestartAndHardening() throws Exception {
        String unit = Files.readString(root.resolve("lib/systemd/system/runbook@.service"), StandardCharsets.UTF_8);
        assertThat(Installation.lines(unit)).contains(
                "ExecStart=/usr/bin/runbook daemon /etc/runbook/%i.yaml $RUNBOOK_DAEMON_OPTS",
                "Restart=on-failure", "StateDirectory=runbook/%i", "ProtectSystem=full", "PrivateTmp=yes",
                "NoNewPrivileges=yes", "WantedBy=multi-user.target");
    }

    @Test
    void unitPassesSystemdAnalyzeVerify() throws Exception {
        assumeTrue(Files.isExecutable(SYSTEMD_ANALYZE),
                "systemd-analyze is not installed here (Debian: systemd): the unit is not verified");
        // verify an instance of the unit as shipped; only the launcher's path points into the extracted root,
        // because verify checks that ExecStart's program exists. --man=no: the man page is not installed here.
        Path units = Files.createDirectories(dir.resolve("units"));
        String unit = Files.readString(root.resolve("lib/systemd/system/runbook@.service"), StandardCharsets.UTF_8);
        assertThat(unit).contains("ExecStart=/usr/bin/runbook ");
        Path instance = units.resolve("runbook@host.service");
        Files.writeString(instance, unit.replace("ExecStart=/usr/bin/runbook ", "ExecStart=" + root.resolve("usr/bin/runbook") + " "));
        Result r = Installation.tool(dir, SYSTEMD_ANALYZE.toString(), "verify", "--man=no", instance.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        // verify only warns about unknown keys or bad values: any word about the unit is a defect
        assertThat(r.out() + r.err()).as(r.toString()).doesNotContain("runbook@host.service");
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
