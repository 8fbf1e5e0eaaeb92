package dev.runbook.checks.exec;

import dev.runbook.core.spi.WrittenParameters;
import dev.runbook.core.Check;
import dev.runbook.core.CheckContext;
import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.Status;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.ShellScript;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code command} check: runs any program, by default as a Nagios plugin. Exit 0/1/2/3 is OK, WARNING,
 * CRITICAL, UNKNOWN; exit above 3, death by a signal or running past the timeout is UNKNOWN. Performance data
 * ({@code 'label'=value[UOM];warn;crit;min;max}) becomes metrics named by label in canonical units; their
 * warn/crit ranges are evaluated and the status is the worst of the exit code and those ranges. With
 * {@code expect: {exit, stdout_contains}} the protocol is replaced: not met is CRITICAL.
 *
 * <p>The program runs in its own process group, killed as a whole at the timeout ({@link CommandRunner}); no
 * shell is involved unless {@code shell:} is given. Stateless and thread-safe; a run blocks until the program
 * ends or its timeout passes.
 */
@TypeName("command")
public final class CommandCheckType implements CheckType<CommandCheckType.Params> {

    /** What {@code expect} requires; absent fields are not checked, except {@code exit} defaulting to 0. */
    public record Expect(Integer exit, String stdoutContains) {
    }

    /**
     * Parameters of {@code type: command}.
     *
     * @param run    argv, run without a shell
     * @param shell  a command line for {@code /bin/sh -c} (only when given)
     * @param env    extra environment variables
     * @param cwd    working directory, relative to the runbook's directory
     * @param expect replaces the plugin protocol when given
     */
    public record Params(List<String> run, @ShellScript String shell, Map<String, String> env, String cwd, Expect expect) {
    }

    @Override
    public String name() {
        return "command";
    }

    /** {@code run:} is an argv list (runbook-format §4): a command line as one text is refused at load time. */
    @Override
    public void shorthands(WrittenParameters written) {
        refuseRunAsText(written);
    }

    /** A located error for {@code run: "echo hi"}: argv is a list; a command line for a shell is {@code shell:}. */
    static void refuseRunAsText(WrittenParameters written) {
        if (written.has("run") && !written.isList("run")) {
            written.error("run", "run: expected a list of the program and its arguments, e.g. run: [echo, hi]; "
                    + "to have a shell read a command line, write shell: \"…\"");
        }
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "runs a program: Nagios plugin protocol (exit code and perfdata) or expect: {exit, stdout_contains}";
    }

    @Override
    public List<MetricSpec> metrics(Params parameters) {
        return List.of();
    }

    @Override
    public boolean dynamicMetrics() {
        return true;
    }

    @Override
    public Check create(Params p, TypeContext context) {
        CommandLine line = CommandLine.of("command", p.run(), p.shell(), p.env(), p.cwd(), context);
        Expect expect = p.expect();
        if (expect != null && expect.exit() != null && (expect.exit() < 0 || expect.exit() > 255)) {
            throw new IllegalArgumentException("command: expect.exit must be 0..255, found " + expect.exit());
        }
        return ctx -> probe(line, expect, ctx);
    }

    private static CheckResult probe(CommandLine line, Expect expect, CheckContext ctx) throws InterruptedException {
        if (line.cwd() != null && !Files.isDirectory(line.cwd())) {
            return CheckResult.unknown("working directory " + line.cwd() + " does not exist");
        }
        CommandRunner.Result r;
        try {
            r = CommandRunner.run(line.argv(), line.env(), line.cwd(), ctx.timeout(), CommandRunner.DEFAULT_CAPTURE_LIMIT);
        } catch (CommandRunner.CommandNotFoundException e) {
            return CheckResult.unknown(e.getMessage());
        } catch (IOException e) {
            return CheckResult.unknown("could not run " + line.argv().get(0) + ": " + e.getMessage());
        }
        CheckResult.Builder b = CheckResult.builder().detail("exit_code", r.exitCode());
        if (!r.stdout().isEmpty()) {
            b.detail("stdout", r.stdout());
        }
        if (!r.stderr().isEmpty()) {
            b.detail("stderr", r.stderr());
        }
        if (r.truncated()) {
            b.detail("truncated", true);
        }
        if (r.timedOut()) {
            return b.status(Status.UNKNOWN).message("timed out after " + Quantity.humanize(
                    ctx.timeout().toNanos() / 1e9, dev.runbook.core.quantity.Unit.SECONDS)
                    + ": " + line.display() + " (process group killed)").build();
        }
        if (expect != null) {
            return expectation(r, expect, b);
        }
        return plugin(r, b);
    }

    private static CheckResult expectation(CommandRunner.Result r, Expect expect, CheckResult.Builder b) {
        int wantExit = expect.exit() == null ? 0 : expect.exit();
        List<String> unmet = new ArrayList<>();
        if (r.exitCode() != wantExit) {
            unmet.add("exit code " + r.exitCode() + ", expected " + wantExit);
        }
        if (expect.stdoutContains() != null && !r.stdout().contains(expect.stdoutContains())) {
            unmet.add("stdout does not contain '" + expect.stdoutContains() + "'");
        }
        String first = r.firstLine();
        if (unmet.isEmpty()) {
            return b.status(Status.OK).message(first.isEmpty() ? "exit code " + r.exitCode() : first).build();
        }
        return b.status(Status.CRITICAL).message(String.join("; ", unmet) + (first.isEmpty() ? "" : ": " + first)).build();
    }

    private static CheckResult plugin(CommandRunner.Result r, CheckResult.Builder b) {
        int code = r.exitCode();
        Perfdata.Parsed parsed = Perfdata.parse(r.stdout());
        String message = parsed.message().isEmpty() ? CommandRunner.Result.firstLineOf(r.stderr()) : parsed.message();
        Status status;
        if (code >= 0 && code <= 3) {
            status = Status.fromExitCode(code);
        } else {
            status = Status.UNKNOWN;
            String why = code > 128 ? "exit code " + code + " (killed by signal " + (code - 128) + "?)" : "exit code " + code;
            message = message.isEmpty() ? why : why + ": " + message;
        }
        if (message.isEmpty()) {
            message = "exit code " + code;
        }
        boolean first = true;
        List<String> crossed = new ArrayList<>();
        for (Perfdata.Item item : parsed.items()) {
            b.metric(item.metric(), item.value());
            if (first) {
                b.value(item.value(), item.unit());
                first = false;
            }
            if (item.status() != Status.OK) {
                status = Status.worst(status, item.status());
                crossed.add(item.metric() + " " + Quantity.humanize(item.value(), item.unit()) + " "
                        + item.status() + " (range '" + item.rule() + "')");
            }
        }
        if (!crossed.isEmpty()) {
            message = message + "; perfdata " + String.join(", ", crossed);
        }
        if (!parsed.problems().isEmpty()) {
            b.detail("perfdata_problems", parsed.problems());
        }
        return b.status(status).message(message).build();
    }
}
