package dev.runbook.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.Secret;
import dev.runbook.core.Status;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Remediation;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunbookLoaderTest {
    @TempDir
    Path dir;

    final Map<String, String> env = new HashMap<>(Map.of("HOME", "/home/op"));

    RunbookLoader loader() {
        return new RunbookLoader(FakeTypes.registry(), env, Clock.fixed(Instant.parse("2026-11-28T00:00:00Z"), ZoneOffset.UTC));
    }

    Path write(String name, String yaml) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, yaml);
        return f;
    }

    LoadResult load(String yaml) throws IOException {
        return loader().load(write("runbook.yaml", yaml));
    }

    /** The error messages as "line:col: message". */
    List<String> errors(String yaml) throws IOException {
        LoadResult r = load(yaml);
        assertThat(r.isValid()).as("expected errors").isFalse();
        return r.errors().stream().map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList();
    }

    static final String HEAD = "runbook: demo\nversion: 1\n";

    @Test
    void loadsAFullRunbookIntoTheModel() throws IOException {
        env.put("APP_URL", "http://localhost:8100");
        env.put("HEALTH_PASSWORD", "s3cret");
        LoadResult r = load(HEAD + """
                title: Demo
                timezone: Asia/Tokyo
                vars: { app: /opt/app }
                secrets: { health_password: "${env:HEALTH_PASSWORD}" }
                store: { path: ./state/demo.db, retention: 400d }
                checks:
                  disk:
                    type: disk
                    path: /
                    warning: 80%
                    critical: 90%
                    for: 3
                    recover_for: 10m
                    flapping: { window: 21, low: 20%, high: 30% }
                    thresholds: { inodes_used: { warning: 70%, critical: 95% } }
                    on_warning: cleanup
                  health:
                    type: http
                    url: "${env:APP_URL}/health"
                    basic_auth: { username: admin, password: "${secret:health_password}" }
                    critical: 5s
                    on_critical: restart-and-check
                    incident: P1
                    category: availability
                    maintenance: [ { when: "sunday 02:00-04:00", reason: patching } ]
                    waive: { until: 2026-12-31, reason: known }
                    tags: [web]
                  api-port:
                    type: port
                    port: 8100
                    depends_on: [health]
                  stale:
                    type: file
                    path: "${app}/data/app.db"
                    max_age: 1d
                actions:
                  cleanup: { type: delete-old-files, path: "${app}/uploads", older_than: 30d, entries: files }
                  restart: { type: systemd, unit: estimator, verb: restart, timeout: 2m }
                remediations:
                  restart-and-check: [ restart, { wait: 30s }, { recheck: health }, { escalate: P1 } ]
                procedures:
                  morning:
                    title: Morning Check
                    schedule: daily 09:00
                    steps:
                      - health
                      - { title: Resources, checks: [disk, api-port] }
                      - { manual: "Look at the dashboard" }
                      - { type: command, run: [git, rev-parse, HEAD], capture: previous_commit }
                      - { type: command, run: [echo, "${captured.previous_commit}", "$${literal}"] }
                      - { report: daily }
                maintenance: [ { from: "2026-12-01T02:00", until: "2026-12-01T04:00", reason: upgrade } ]
                escalation:
                  levels:
                    P1: { title: Outage, respond: 0m, notify: [ops], then: [ { after: 30m, notify: [cto], unless: acknowledged } ] }
                    P2: { title: Partial, respond: 30m, notify: [ops] }
                  routes: [ { category: security, notify: [cto] } ]
                  updates: 15m
                  contacts:
                    ops: { via: console }
                    cto: { via: console, address: cto@example.com, hours: "weekdays 09:00-18:00" }
                notifiers:
                  console: { type: log }
                slo:
                  availability: { from: health, objective: 99.0%, window: 30d }
                  latency: { from: health.latency, max: 500ms }
                reports:
                  daily:
                    title: Daily
                    period: day
                    schedule: daily 17:30
                    sections: [services, metrics]
                    metrics: { disk_used: { from: disk.used, agg: max } }
                    notify: [ops]
                """);
        assertThat(r.problems()).isEmpty();
        Runbook rb = r.runbook();
        assertThat(rb.id()).isEqualTo("demo");
        assertThat(rb.zone().getId()).isEqualTo("Asia/Tokyo");
        CheckDefinition disk = rb.check("disk");
        assertThat(disk.thresholds()).containsOnlyKeys("used", "inodes_used");
        assertThat(disk.hysteresis().forCount()).isEqualTo(3);
        assertThat(disk.hysteresis().recoverDuration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(disk.hysteresis().flapping().high()).isEqualTo(30.0);
        assertThat(disk.remediationFor(Status.WARNING).steps()).hasSize(1);
        CheckDefinition health = rb.check("health");
        assertThat(health.incident()).isEqualTo("P1");
        assertThat(health.waiver().until()).hasToString("2026-12-31");
        assertThat(FakeTypes.Http.last.url()).isEqualTo("http://localhost:8100/health");
        assertThat(FakeTypes.Http.last.basicAuth().password().reveal()).isEqualTo("s3cret");
        Remediation rem = health.remediationFor(Status.CRITICAL);
        assertThat(rem.steps()).extracting(Step::title).containsExactly("restart", "wait 30s", "recheck health", "escalate P1");
        assertThat(rb.check("api-port").dependsOn()).containsExactly("health");
        assertThat(rb.check("stale").thresholds()).containsOnlyKeys("age");
        Procedure morning = rb.procedures().get("morning");
        assertThat(morning.schedules()).hasSize(1);
        assertThat(morning.steps()).hasSize(6);
        assertThat(FakeTypes.CommandAction.last.run()).containsExactly("echo", "${captured.previous_commit}", "${literal}");
        assertThat(rb.escalation().levels()).containsOnlyKeys("P1", "P2");
        assertThat(rb.escalation().levels().get("P1").then().get(0).unlessAcknowledged()).isTrue();
        assertThat(rb.slos().get("latency").max()).isEqualTo(0.5);
        assertThat(rb.reports().get("daily").covers()).isEqualTo("current");
        assertThat(rb.secrets()).containsKey("health_password");
        assertThat(r.store().path()).isEqualTo(dir.resolve("state/demo.db").toAbsolutePath().normalize());
        assertThat(r.store().retention()).isEqualTo(Duration.ofDays(400));
        assertThat(rb.store()).isEqualTo(r.store().path().toString());
    }

    @Test
    void wholeValueSubstitutionTakesTheParameterType() throws IOException {
        env.put("P", "9100");
        LoadResult r = load(HEAD + "checks:\n  p: { type: port, port: \"${env:P:-8100}\", mode: LISTEN }\n");
        assertThat(r.problems()).isEmpty();
        assertThat(FakeTypes.Port.last.port()).isEqualTo(9100);
        assertThat(FakeTypes.Port.last.mode()).isEqualTo(FakeTypes.Port.Mode.LISTEN);
    }

    @Test
    void envDefaultIsUsedWhenTheVariableIsMissing() throws IOException {
        LoadResult r = load(HEAD + "checks:\n  p: { type: port, port: \"${env:NOPE:-8100}\" }\n");
        assertThat(r.problems()).isEmpty();
        assertThat(FakeTypes.Port.last.port()).isEqualTo(8100);
    }

    @Test
    void substitutedValuesAreNeverReparsedAsYaml() throws IOException {
        env.put("U", "x\n  evil: {type: disk}");
        LoadResult r = load(HEAD + "checks:\n  h: { type: http, url: \"${env:U}\" }\n");
        assertThat(r.problems()).isEmpty();
        assertThat(FakeTypes.Http.last.url()).isEqualTo("x\n  evil: {type: disk}");
        assertThat(r.runbook().checks()).containsOnlyKeys("h");
    }

    @Test
    void reportsAMissingEnvironmentVariableByName() throws IOException {
        assertThat(errors(HEAD + "checks:\n  h: { type: http, url: \"${env:APP_URL}/health\" }\n"))
                .containsExactly("4:25: environment variable APP_URL is not set (give a default with ${env:APP_URL:-default})");
    }

    @Test
    void aMissingSecretIsAWarningAndMarksItsUsers() throws IOException {
        LoadResult r = load(HEAD + """
                secrets: { health_password: "${env:HEALTH_PASSWORD}" }
                checks:
                  h: { type: http, url: http://x, basic_auth: { username: a, password: "${secret:health_password}" } }
                  d: { type: disk, path: / }
                notifiers:
                  hook: { type: webhook, url: "${secret:health_password}" }
                """);
        assertThat(r.isValid()).isTrue();
        assertThat(r.warnings()).extracting(Problem::toString).containsExactly(dir.resolve("runbook.yaml") + ":3:29: warning: "
                + "secret health_password is not set: environment variable HEALTH_PASSWORD is missing; checks and actions "
                + "using it will be UNKNOWN");
        assertThat(r.runbook().check("h").missingSecrets()).containsExactly("health_password");
        assertThat(r.runbook().check("d").missingSecrets()).isEmpty();
        assertThat(r.runbook().secrets().get("health_password").isSet()).isFalse();
        assertThat(FakeTypes.Webhook.last.url().isSet()).isFalse();
    }

    @Test
    void secretValuesNeverAppearInMessages() throws IOException {
        env.put("PORT_SECRET", "hunter2");
        LoadResult r = load(HEAD + "secrets: { p: \"${env:PORT_SECRET}\" }\nchecks:\n  x: { type: port, port: \"${secret:p}\" }\n");
        assertThat(r.errors()).extracting(Problem::message)
                .containsExactly("check type port: 'port': expected a whole number, found the value of secret p");
        assertThat(r.problems().toString()).doesNotContain("hunter2");
    }

    @Test
    void rejectsAnUnknownCheckTypeWithASuggestion() throws IOException {
        assertThat(errors(HEAD + "checks:\n  d:\n    type: dsik\n    path: /\n"))
                .containsExactly("5:11: unknown check type 'dsik' (did you mean 'disk'?)");
    }

    @Test
    void rejectsAnUnknownParameterKeyWithASuggestion() throws IOException {
        assertThat(errors(HEAD + "checks:\n  d:\n    type: disk\n    pth: /\n"))
                .containsExactly("6:5: unknown key 'pth' for check type disk (did you mean 'path'?)");
    }

    @Test
    void rejectsAnUnknownTopLevelKeyWithASuggestion() throws IOException {
        assertThat(errors(HEAD + "chekcs: {}\n")).containsExactly("3:1: unknown key 'chekcs' at the top level (did you mean 'checks'?)");
    }

    @Test
    void rejectsAnchorsAliasesAndMergeKeys() throws IOException {
        assertThat(errors(HEAD + "vars: &v { a: b }\n"))
                .containsExactly("3:7: YAML anchors are not supported, found '&v': use include: or vars instead");
        assertThat(errors(HEAD + "checks:\n  d: { type: disk, path: / }\n  e:\n    <<: {type: disk}\n"))
                .containsExactly("6:5: YAML merge keys are not supported, found '<<': use include: or vars instead");
    }

    @Test
    void rejectsDuplicateKeys() throws IOException {
        assertThat(errors(HEAD + "checks:\n  d: { type: disk, path: / }\n  d: { type: disk, path: /tmp }\n"))
                .containsExactly("5:3: duplicate key 'd' (first at line 4, column 3)");
    }

    @Test
    void rejectsAnotherVersion() throws IOException {
        assertThat(errors("runbook: demo\nversion: 2\n")).containsExactly("2:10: unsupported version: expected 1, found the number 2");
    }

    @Test
    void requiresTheRunbookId() throws IOException {
        assertThat(errors("version: 1\n")).containsExactly("1:1: missing key 'runbook': expected the runbook's id, e.g. runbook: my-service");
    }

    @Test
    void rejectsIdsOutsideThePattern() throws IOException {
        assertThat(errors(HEAD + "checks:\n  Disk_1: { type: disk, path: / }\n"))
                .containsExactly("4:3: check id must match [a-z0-9][a-z0-9-]*, found 'Disk_1'");
    }

    @Test
    void rejectsAThresholdOfTheWrongUnitFamily() throws IOException {
        assertThat(errors(HEAD + "checks:\n  d: { type: disk, path: /, warning: 5s }\n")).containsExactly(
                "4:38: check 'd': threshold '5s' for metric 'used' (percentage): '5s' is a duration, expected a percentage");
    }

    @Test
    void rejectsInconsistentBareThresholds() throws IOException {
        assertThat(errors(HEAD + "checks:\n  d: { type: disk, path: /, warning: 90%, critical: 80% }\n")).containsExactly(
                "4:38: check 'd': warning 90% and critical 80% of metric 'used' are inconsistent: for a higher-is-worse "
                        + "metric warning must be at or below critical");
    }

    @Test
    void rejectsAThresholdOnAnUnknownMetric() throws IOException {
        assertThat(errors(HEAD + "checks:\n  d: { type: disk, path: /, thresholds: { inode_used: { warning: 5% } } }\n"))
                .containsExactly("4:43: check 'd': type disk has no metric 'inode_used' (did you mean 'inodes_used'?)");
    }

    @Test
    void dynamicMetricTypesAcceptThresholdsOnAnyMetric() throws IOException {
        LoadResult r = load(HEAD + "checks:\n  c: { type: command, run: [x], thresholds: { queue: { critical: 100 } } }\n");
        assertThat(r.problems()).isEmpty();
        assertThat(r.runbook().check("c").thresholds()).containsOnlyKeys("queue");
    }

    @Test
    void rejectsUnknownReferencesWithASuggestion() throws IOException {
        assertThat(errors(HEAD + "checks:\n  disk: { type: disk, path: / }\n  p: { type: port, port: 1, depends_on: [dsk] }\n"))
                .containsExactly("5:42: check 'p' depends_on names unknown check 'dsk' (did you mean 'disk'?)");
        assertThat(errors(HEAD + "checks:\n  disk: { type: disk, path: / }\nprocedures:\n  m: { steps: [dsik] }\n"))
                .containsExactly("6:16: procedure 'm': unknown step 'dsik': expected a check, action or remediation id (did you mean 'disk'?)");
    }

    @Test
    void validatesMetricReferencesOfExpressions() throws IOException {
        assertThat(errors(HEAD + "checks:\n  disk: { type: disk, path: / }\n  e: { type: expr, expr: \"disk.usd * 2\" }\n"))
                .containsExactly("5:6: check 'e' references unknown metric 'usd' of check 'disk' (did you mean 'used'?)");
        LoadResult ok = load(HEAD + "checks:\n  disk: { type: disk, path: / }\n  e: { type: expr, expr: \"disk.used * 2\" }\n");
        assertThat(ok.problems()).isEmpty();
        assertThat(ok.runbook().check("e").after()).containsExactly("disk");
    }

    @Test
    void rejectsDependencyCycles() throws IOException {
        assertThat(errors(HEAD + "checks:\n  a: { type: disk, path: /, depends_on: [b] }\n  b: { type: disk, path: /, depends_on: [a] }\n"))
                .containsExactly("4:41: dependency cycle: a -> b -> a");
    }

    @Test
    void rejectsABadSchedule() throws IOException {
        List<String> e = errors(HEAD + "checks:\n  d: { type: disk, path: / }\nprocedures:\n  m: { schedule: daily 25:00, steps: [d] }\n");
        assertThat(e).hasSize(1);
        assertThat(e.get(0)).isEqualTo("6:18: schedule: bad time '25:00' in schedule 'daily 25:00' (expected HH:MM, 00:00-23:59)");
    }

    @Test
    void rejectsAnUnknownEscalationLevel() throws IOException {
        assertThat(errors(HEAD + """
                checks:
                  d: { type: disk, path: /, incident: P9 }
                escalation:
                  levels: { P1: { title: Outage } }
                """)).containsExactly("4:39: check 'd' incident names unknown level 'P9' (did you mean 'P1'?)");
    }

    @Test
    void rejectsCheckStepsInsideRemediations() throws IOException {
        assertThat(errors(HEAD + "checks:\n  d: { type: disk, path: / }\nremediations:\n  r: [d]\n"))
                .containsExactly("6:7: remediation 'r': a remediation step cannot run check 'd'; write {recheck: d}");
    }

    @Test
    void rejectsANonSqliteStore() throws IOException {
        assertThat(errors(HEAD + "store: jdbc:postgresql://db/runbook\n"))
                .containsExactly("3:8: unsupported store 'jdbc:postgresql://db/runbook': version 1 stores history in SQLite only; "
                        + "expected a file path or a jdbc:sqlite: URL");
    }

    @Test
    void resolvesStorePaths() throws IOException {
        assertThat(load(HEAD + "store: jdbc:sqlite:state/x.db\n").store().path()).isEqualTo(dir.resolve("state/x.db"));
        assertThat(load(HEAD + "store: ~/x.db\n").store().path()).isEqualTo(Path.of("/home/op/x.db"));
        assertThat(load(HEAD).store().path()).isEqualTo(Path.of("/home/op/.local/state/runbook/demo.db"));
        env.put("XDG_STATE_HOME", "/var/state");
        assertThat(load(HEAD).store().path()).isEqualTo(Path.of("/var/state/runbook/demo.db"));
    }

    @Test
    void collectsErrorsOfEveryIncludedFileWithTheirLocations() throws IOException {
        write("shared/contacts.yaml", "checks:\n  x: { type: dsik }\n");
        Path main = write("runbook.yaml", HEAD + "include: [shared/contacts.yaml]\nchecks:\n  y: { type: disk, pth: / }\n");
        LoadResult r = loader().load(main);
        assertThat(r.errors()).extracting(Problem::toString).containsExactly(
                dir.resolve("shared/contacts.yaml") + ":2:14: unknown check type 'dsik' (did you mean 'disk'?)",
                dir.resolve("runbook.yaml") + ":5:20: unknown key 'pth' for check type disk (did you mean 'path'?)");
    }

    @Test
    void mergesIncludedFiles() throws IOException {
        write("more/checks.yaml", "checks:\n  disk: { type: disk, path: / }\n");
        LoadResult r = load(HEAD + "include: more/checks.yaml\nprocedures:\n  m: { steps: [disk] }\n");
        assertThat(r.problems()).isEmpty();
        assertThat(r.runbook().checks()).containsOnlyKeys("disk");
    }

    @Test
    void rejectsIncludeCycles() throws IOException {
        write("a.yaml", "include: [b.yaml]\n");
        write("b.yaml", "include: [a.yaml]\n");
        List<String> e = errors(HEAD + "include: [a.yaml]\n");
        assertThat(e).containsExactly("1:11: include cycle: a.yaml -> b.yaml -> a.yaml");
    }

    @Test
    void rejectsAnUnknownVariableWithASuggestion() throws IOException {
        assertThat(errors(HEAD + "vars: { app: /opt }\nchecks:\n  d: { type: disk, path: \"${ap}/x\" }\n"))
                .containsExactly("5:26: unknown variable '${ap}' (did you mean 'app'?): define it under vars:, or write "
                        + "${env:NAME}, ${secret:name} or $${ for a literal ${");
    }

    @Test
    void rejectsAnInvalidEnumValueListingTheChoices() throws IOException {
        assertThat(errors(HEAD + "actions:\n  r: { type: systemd, unit: x, verb: restrat }\n"))
                .containsExactly("4:38: action type systemd: 'verb': expected one of restart, reload, start, stop, found 'restrat' "
                        + "(did you mean 'restart'?)");
    }

    @Test
    void rejectsABadDuration() throws IOException {
        assertThat(errors(HEAD + "actions:\n  c: { type: delete-old-files, path: /tmp, older_than: soon }\n"))
                .containsExactly("4:56: action type delete-old-files: 'older_than': expected a duration such as 30s, 10m or 1.5h, "
                        + "found 'soon'");
    }

    @Test
    void typeValidationErrorsAreLocatedAtTheCheck() throws IOException {
        assertThat(errors(HEAD + "checks:\n  p: { type: port, port: 70000 }\n"))
                .containsExactly("4:6: check 'p': port must be 1-65535, found 70000");
    }

    @Test
    void reportsAllErrorsTogether() throws IOException {
        assertThat(errors("runbook: Demo\nversion: 3\nchecks:\n  a: { type: nope }\n  b: { type: disk }\n")).containsExactly(
                "2:10: unsupported version: expected 1, found the number 3",
                "1:10: runbook id must match [a-z0-9][a-z0-9-]*, found 'Demo'",
                "4:14: unknown check type 'nope' (expected one of: command, disk, expr, file, http, memory, port, systemd)",
                "5:6: check 'b': path is required");
    }

    @Test
    void rejectsSyntaxErrorsWithALocation() throws IOException {
        assertThat(errors(HEAD + "checks: [unclosed\n"))
                .containsExactly("4:1: invalid YAML: while parsing a flow sequence: expected ',' or ']', but got <stream end>");
    }

    @Test
    void rejectsAnEmptyFile() throws IOException {
        assertThat(errors("")).containsExactly("1:1: expected a runbook (a mapping with runbook: and version: 1), found an empty file");
    }

    @Test
    void problemToStringIsFileLineColumnMessage() {
        Problem p = new Problem(Path.of("runbook.yaml"), 14, 5, "unknown check type 'dsik' (did you mean 'disk'?)",
                Problem.Severity.ERROR);
        assertThat(p).hasToString("runbook.yaml:14:5: unknown check type 'dsik' (did you mean 'disk'?)");
    }

    @Test
    void secretToStringNeverShowsTheValue() {
        assertThat(Secret.of("x", "hunter2").toString()).doesNotContain("hunter2");
    }

    @Test
    void rejectsAStepWithTwoForms() throws IOException {
        assertThat(errors(HEAD + "checks:\n  d: { type: disk, path: / }\nprocedures:\n  p: { steps: [ {wait: 3s, recheck: d} ] }\n"))
                .containsExactly("6:17: procedure 'p': expected a step with one of checks, wait, recheck, escalate, report, "
                        + "manual, action or type, found wait and recheck");
    }

    @Test
    void rejectsAnUnknownStepKeyWithTheKnownOnes() throws IOException {
        assertThat(errors(HEAD + "procedures:\n  p: { steps: [ {sleep: 1s} ] }\n"))
                .containsExactly("4:18: unknown key 'sleep' in procedure 'p' step (expected one of: checks, title, wait, recheck, "
                        + "escalate, report, manual, action, type, when, gate)");
    }

    @Test
    void rejectsAnUnknownRemediationForAStatus() throws IOException {
        assertThat(errors(HEAD + "actions:\n  restart: { type: systemd, unit: x }\nchecks:\n  d: { type: disk, path: /, on_critical: restat }\n"))
                .containsExactly("6:42: unknown action or remediation 'restat' (did you mean 'restart'?)");
    }

    @Test
    void rejectsAHysteresisThatIsNeitherCountNorDuration() throws IOException {
        assertThat(errors(HEAD + "checks:\n  d: { type: disk, path: /, for: soon }\n"))
                .containsExactly("4:34: expected a count of runs (3) or a duration (10m) for 'for', found 'soon'");
    }

    @Test
    void rejectsAWaiverWithoutADate() throws IOException {
        assertThat(errors(HEAD + "checks:\n  d: { type: disk, path: /, waive: { until: tomorrow } }\n"))
                .containsExactly("4:45: expected a date such as 2026-12-31 for waive.until, found 'tomorrow'");
    }

    @Test
    void rejectsAContactViaAnUnknownNotifier() throws IOException {
        assertThat(errors(HEAD + "notifiers:\n  console: { type: log }\nescalation:\n  contacts:\n    ops: { via: consol }\n"))
                .containsExactly("7:17: contact 'ops' is reached via unknown notifier 'consol' (did you mean 'console'?)");
    }

    @Test
    void rejectsAMetricSloWithTheWrongUnitFamily() throws IOException {
        assertThat(errors(HEAD + "checks:\n  h: { type: http, url: x }\nslo:\n  l: { from: h.latency, max: 5% }\n"))
                .containsExactly("6:30: slo 'l': max 5% is a percentage but h.latency is a duration");
    }

    @Test
    void rejectsAnUnknownReportSection() throws IOException {
        assertThat(errors(HEAD + "reports:\n  d: { sections: [servces] }\n"))
                .containsExactly("4:19: unknown section 'servces' (did you mean 'services'?)");
    }

    @Test
    void rejectsSecretsInVars() throws IOException {
        assertThat(errors(HEAD + "secrets: { a: x }\nvars: { b: \"${secret:a}\" }\n"))
                .containsExactly("4:12: ${secret:a} cannot be used in vars: use it where the value is needed");
    }

    @Test
    void rejectsAnUnclosedSubstitution() throws IOException {
        assertThat(errors(HEAD + "checks:\n  d: { type: disk, path: \"${env:X\" }\n"))
                .containsExactly("4:26: unclosed '${' in '${env:X': expected ${name}, ${env:NAME}, ${secret:name} or "
                        + "${captured.name} (write $${ for a literal ${)");
    }

    @Test
    void anSloCheckGetsItsDefinitionCopiedIntoItsParameters() throws IOException {
        Path f = write("runbook.yaml", HEAD + """
                checks:
                  health: { type: http, url: http://x }
                  budget: { type: slo, slo: availability, warning: 25% }
                  other: { type: slo, slo: availabilty }
                slo:
                  availability: { from: health, objective: 99.0%, window: 30d }
                """);
        LoadResult r = new RunbookLoader(SpecTypes.registry(), env, Clock.systemUTC()).load(f);
        assertThat(r.errors()).extracting(p -> p.line() + ":" + p.column() + ": " + p.message())
                .containsExactly("6:28: check 'other' names unknown slo 'availabilty' (did you mean 'availability'?)");
        f = write("runbook.yaml", HEAD + """
                checks:
                  health: { type: http, url: http://x }
                  budget: { type: slo, slo: availability, warning: 25% }
                slo:
                  availability: { from: health, objective: 99.0%, window: 30d }
                """);
        r = new RunbookLoader(SpecTypes.registry(), env, Clock.systemUTC()).load(f);
        assertThat(r.problems()).isEmpty();
        assertThat(r.runbook().check("budget").thresholds()).containsOnlyKeys("budget_left");
    }

    @Test
    void anEnvDefaultMayUseVarsAndOtherEnvVariables() throws IOException {
        env.put("B", "from-b");
        LoadResult r = load(HEAD + "vars: { url: \"http://h\" }\nchecks:\n"
                + "  h: { type: http, url: \"${env:A:-${url}/health}\" }\n  i: { type: http, url: \"${env:A:-${env:B:-x}}\" }\n");
        assertThat(r.problems()).isEmpty();
        assertThat(FakeTypes.Http.last.url()).isEqualTo("from-b");
    }

    @Test
    void anIncludedFileMayNotSetTheRunbookId() throws IOException {
        write("part.yaml", "runbook: other\n");
        assertThat(errors(HEAD + "include: part.yaml\n").get(0))
                .isEqualTo("1:1: 'runbook' may only be set in the main runbook file, found it in an included file");
    }

    @Test
    void aMissingIncludedFileIsLocatedAtTheInclude() throws IOException {
        assertThat(errors(HEAD + "include: [nope.yaml]\n"))
                .containsExactly("3:11: included file not found: " + dir.resolve("nope.yaml"));
    }

    @Test
    void aFileIncludedTwiceThroughDifferentPathsIsMergedOnce() throws IOException {
        write("common.yaml", "checks:\n  disk: { type: disk, path: / }\n");
        write("a.yaml", "include: common.yaml\n");
        write("b.yaml", "include: common.yaml\n");
        LoadResult r = load(HEAD + "include: [a.yaml, b.yaml]\n");
        assertThat(r.problems()).isEmpty();
        assertThat(r.runbook().checks()).containsOnlyKeys("disk");
    }

    @Test
    void anIdDefinedInTwoFilesNamesBothPlaces() throws IOException {
        write("more.yaml", "checks:\n  disk: { type: disk, path: / }\n");
        LoadResult r = load(HEAD + "include: more.yaml\nchecks:\n  disk: { type: disk, path: /tmp }\n");
        assertThat(r.errors()).extracting(Problem::toString)
                .containsExactly(dir.resolve("runbook.yaml") + ":5:3: check 'disk' is defined twice (also at more.yaml:2:3)");
    }

    @Test
    void aTypeThatThrowsUnexpectedlyGivesALocatedError() throws IOException {
        dev.runbook.core.spi.CheckType<FakeTypes.Memory.Params> broken = new dev.runbook.core.spi.CheckType<>() {
            public String name() {
                return "broken";
            }

            public Class<FakeTypes.Memory.Params> parameterType() {
                return FakeTypes.Memory.Params.class;
            }

            public List<dev.runbook.core.MetricSpec> metrics(FakeTypes.Memory.Params p) {
                throw new IllegalStateException("boom");
            }

            public dev.runbook.core.Check create(FakeTypes.Memory.Params p, dev.runbook.core.spi.TypeContext c) {
                return FakeTypes.OK;
            }
        };
        RunbookLoader l = new RunbookLoader(dev.runbook.core.spi.TypeRegistry.builder().check(broken).build(), env,
                Clock.systemUTC());
        LoadResult r = l.load(write("runbook.yaml", HEAD + "checks:\n  b: { type: broken }\n"));
        assertThat(r.errors()).extracting(Problem::message)
                .containsExactly("check 'b': type broken failed: java.lang.IllegalStateException: boom");
    }

    @Test
    void aSecretValueInATypesOwnMessageIsScrubbed() throws IOException {
        env.put("HOOK", "https://hooks.example.com/T0KEN-very-secret");
        LoadResult r = load(HEAD + "secrets: { hook: \"${env:HOOK}\" }\nchecks:\n  p: { type: port, port: 70000, host: \"${secret:hook}\" }\n"
                + "actions:\n  a: { type: systemd, unit: \"${secret:hook}\", verb: \"${secret:hook}\" }\n");
        assertThat(r.problems().toString()).doesNotContain("T0KEN-very-secret");
        assertThat(r.errors()).extracting(Problem::message).containsExactlyInAnyOrder(
                "check 'p': port must be 1-65535, found 70000 (host ******)",
                "action type systemd: 'verb': expected one of restart, reload, start, stop, found the value of secret hook");
    }
}
