package dev.runbook.reports.document;

import dev.runbook.core.escalation.EscalationPolicy;
import dev.runbook.core.escalation.EscalationStep;
import dev.runbook.core.escalation.Level;
import dev.runbook.core.escalation.Route;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Remediation;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * The document's incident response and escalation sections (runbook-format §7 in the seed's words): the incident
 * level definition with response times and what opens each level, the escalation criteria with the routes, the
 * escalation procedure with its update interval, and the incident report's template. Appends blocks to the list
 * it is given; one use per rendering.
 */
final class EscalationPart {
    private final Runbook rb;
    private final StepWords words;
    private final List<Block> blocks;

    EscalationPart(Runbook rb, StepWords words, List<Block> blocks) {
        this.rb = rb;
        this.words = words;
        this.blocks = blocks;
    }

    void add() {
        incidentLevels();
        escalation();
    }

    private void add(Block b) {
        blocks.add(b);
    }

    private void h(int level, String text, String anchor) {
        add(new Block.Heading(level, text, anchor));
    }

    private void incidentLevels() {
        EscalationPolicy esc = rb.escalation();
        if (esc.levels().isEmpty()) {
            return;
        }
        h(2, "Incident Response", "incident-response");
        h(3, "Incident Level Definition", null);
        List<List<String>> rows = new ArrayList<>();
        for (Level l : esc.levels().values()) {
            List<String> escalation = new ArrayList<>();
            for (EscalationStep s : l.then()) {
                escalation.add("After " + Criteria.duration(StepWords.seconds(s.after())) + " to "
                        + String.join(", ", s.recipients()) + (s.unlessAcknowledged() ? " unless acknowledged" : ""));
            }
            rows.add(List.of(l.id(), l.title() != null ? l.title() : "—", respond(l),
                    l.recipients().isEmpty() ? "—" : String.join(", ", l.recipients()),
                    escalation.isEmpty() ? "Not required" : String.join("; ", escalation), openedBy(l.id())));
        }
        add(new Block.Table(List.of("Level", "Impact", "Response Time", "Notified at once", "Escalation", "Opened by"),
                rows));
    }

    private static String respond(Level l) {
        if (l.respond() == null) {
            return "—";
        }
        return l.respond().isZero() ? "Immediate" : "Within " + Criteria.duration(StepWords.seconds(l.respond()));
    }

    private String openedBy(String level) {
        List<String> by = new ArrayList<>();
        for (CheckDefinition c : rb.checks().values()) {
            if (level.equals(c.incident())) {
                by.add(c.id() + " critical");
            }
            for (Remediation r : c.remediations().values()) {
                if (escalates(r.steps(), level) || r.limit() != null && escalates(r.limit().then(), level)) {
                    by.add(c.id() + " not recovered");
                    break;
                }
            }
        }
        for (Procedure p : rb.procedures().values()) {
            if (escalates(p.steps(), level)) {
                by.add("procedure " + p.id());
            }
        }
        return by.isEmpty() ? "—" : String.join(", ", by.stream().distinct().toList());
    }

    private static boolean escalates(List<Step> steps, String level) {
        return steps.stream().anyMatch(s -> s instanceof Step.Escalate e && e.level().equals(level));
    }

    private void escalation() {
        EscalationPolicy esc = rb.escalation();
        if (esc.levels().isEmpty() && esc.routes().isEmpty()) {
            return;
        }
        h(2, "Escalation", "escalation");
        h(3, "Escalation Criteria", null);
        List<List<String>> rows = new ArrayList<>();
        for (Level l : esc.levels().values()) {
            if (!l.recipients().isEmpty()) {
                rows.add(List.of(l.id() + " incident occurs", String.join(", ", l.recipients()), "Immediately"));
            }
            for (EscalationStep s : l.then()) {
                String after = Criteria.duration(StepWords.seconds(s.after()));
                rows.add(List.of(l.id() + " not " + (s.unlessAcknowledged() ? "acknowledged" : "recovered") + " within "
                        + after, String.join(", ", s.recipients()), "After " + after));
            }
        }
        for (Route r : esc.routes()) {
            rows.add(List.of("Incident of category " + r.category(), String.join(", ", r.recipients()), "Immediately"));
        }
        add(new Block.Table(List.of("Situation", "Escalate To", "Timing"), rows));
        h(3, "Escalation Procedure", null);
        List<Block.Item> steps = new ArrayList<>();
        steps.add(new Block.Item("Initial report (sent when the incident opens, to the level's contacts)",
                List.of("Incident occurrence time", "Incident level", "Triggering checks and their results",
                        "Initial response actions already taken in the run")));
        if (esc.updates() != null) {
            steps.add(new Block.Item("Regular updates (every " + Criteria.duration(StepWords.seconds(esc.updates()))
                    + " while the incident is open)", List.of("Current status", "Actions and notes since the last update")));
        }
        steps.add(new Block.Item("Recovery report (when its checks are OK again, or on runbook incidents resolve)",
                List.of("Recovery time", "Duration, and whether the response time was met")));
        add(new Block.Numbered(null, steps));
        h(3, "Escalation Communication Template", null);
        String level = esc.levels().values().stream().findFirst()
                .map(l -> l.id() + (l.title() != null ? " (" + l.title() + ")" : "")).orElse("");
        add(new Block.Preformatted("【Incident Report】" + (rb.title() != null ? rb.title() : rb.id()) + "\n\n"
                + "■ Incident Level: " + level + "\n\n■ Occurrence Time:\n\n■ Current Status:\n\n"
                + "■ Impact Scope:\n\n■ Cause:\n\n■ Initial Response:\n\n■ Next Actions:\n\n■ Estimated Recovery:\n\n"
                + "■ Reporter:\n"));
    }
}
