package io.payrecon.reconciler.admin.jobs;

import io.payrecon.reconciler.admin.Problems;
import io.payrecon.reconciler.admin.Times;
import io.payrecon.reconciler.console.ConsoleController;
import io.payrecon.reconciler.console.NotFound;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The console's jobs: the list, a start form per kind, and a job's page with its progress (re-fetched by htmx every
 * 2 s while it runs, for {@link #MAX_REFRESHES} refreshes at most, so that a page left open does not keep the session
 * alive) and its report. The start forms start dry runs: replay, republish and rebuild begin with the diff, and the
 * dry run's page offers to run the same job for real (once: a second request leads to the job the first queued). A
 * replay too large for a dry run, or a republish, can also be started for real from its form ({@code mode=run}). The same {@link Jobs} as the admin API and the
 * CLI, so a job started here is followed with {@code ops jobs follow} and the other way round.
 */
@ConsoleController
class JobPages {

    static final int PAGE = 50;

    /** 30 minutes of refreshes every 2 s: the session's idle timeout. */
    static final int MAX_REFRESHES = 900;

    private final Jobs jobs;
    private final JsonMapper json;
    private final Clock clock;

    JobPages(Jobs jobs, JsonMapper json, Clock clock) {
        this.jobs = jobs;
        this.json = json;
        this.clock = clock;
    }

    @GetMapping("/console/jobs")
    String list(
            @RequestParam(defaultValue = "") String kind,
            @RequestParam(defaultValue = "") String state,
            @RequestParam(required = false) Long before,
            Model model) {
        Job.Kind onlyKind = kind.isBlank() ? null : Job.Kind.of(kind.strip());
        Job.State onlyState = state.isBlank() ? null : Job.State.of(state.strip());
        if ((!kind.isBlank() && onlyKind == null) || (!state.isBlank() && onlyState == null)) {
            throw Problems.badRequest("Unknown kind or state: choose one from the lists");
        }
        List<Job> listed = jobs.latest(onlyKind, onlyState, before, PAGE);
        model.addAttribute("section", "jobs");
        model.addAttribute("jobs", listed);
        model.addAttribute("kinds", Job.Kind.values());
        model.addAttribute("states", Job.State.values());
        model.addAttribute("kind", kind.strip());
        model.addAttribute("state", state.strip());
        model.addAttribute(
                "nextBefore",
                listed.size() < PAGE ? null : listed.get(listed.size() - 1).id());
        return "console/jobs";
    }

    /**
     * A dry run of a replay, republish or rebuild, or with {@code mode=run} a replay or republish for real; its page
     * follows.
     */
    @PostMapping("/console/jobs/{kind}")
    String start(@PathVariable String kind, @RequestParam Map<String, String> form, Principal operator) {
        Job.Kind which = Job.Kind.of(kind);
        if (which == null) {
            throw new NotFound("No such kind of job: " + kind + ". The console starts replay, republish and rebuild");
        }
        String mode = form.getOrDefault("mode", "dry-run");
        if (!mode.equals("dry-run") && !mode.equals("run")) {
            throw Problems.badRequest("mode is dry-run or run; got " + mode);
        }
        boolean forReal = mode.equals("run");
        if (forReal && which == Job.Kind.REBUILD) {
            throw Problems.badRequest("A rebuild is run for real from its dry run's page, once its diff was read");
        }
        Job job = jobs.start(which, !forReal, parameters(which, form), operator);
        return "redirect:/console/jobs/" + job.id();
    }

    /** The same job as a dry run that succeeded, for real: once (a second request leads to the first's job). */
    @PostMapping("/console/jobs/{id}/run")
    String runForReal(@PathVariable long id, Principal operator) {
        job(id);
        Job job = jobs.runForReal(id, operator);
        return "redirect:/console/jobs/" + job.id();
    }

    @PostMapping("/console/jobs/{id}/cancel")
    String cancel(@PathVariable long id, Principal operator) {
        jobs.cancel(id, operator);
        return "redirect:/console/jobs/" + id;
    }

    @PostMapping("/console/jobs/{id}/resume")
    String resume(@PathVariable long id, Principal operator) {
        jobs.resume(id, operator);
        return "redirect:/console/jobs/" + id;
    }

    @PostMapping("/console/jobs/{id}/restart")
    String restart(@PathVariable long id, Principal operator) {
        jobs.restart(id, operator);
        return "redirect:/console/jobs/" + id;
    }

    @GetMapping("/console/jobs/{id}")
    String show(@PathVariable long id, Model model) {
        model.addAttribute("section", "jobs");
        describe(job(id), model, 0);
        return "console/job";
    }

    /** The part of a job's page that changes while it runs, for htmx; {@code n} counts the refreshes so far. */
    @GetMapping("/console/jobs/{id}/live")
    String live(@PathVariable long id, @RequestParam(name = "n", defaultValue = "0") int refreshes, Model model) {
        describe(job(id), model, refreshes);
        return "console/job :: live";
    }

    private Job job(long id) {
        return jobs.find(id).orElseThrow(() -> new NotFound("No job " + id + ": the jobs page lists them"));
    }

    private void describe(Job job, Model model, int refreshes) {
        model.addAttribute("job", job);
        model.addAttribute("refreshes", Math.max(0, refreshes));
        model.addAttribute("live", !job.state().ended() && refreshes < MAX_REFRESHES);
        model.addAttribute("realJob", job.dryRun() ? jobs.realJobOf(job.id()).orElse(null) : null);
        model.addAttribute("figures", JobReport.figures(job.result()));
        model.addAttribute("tables", JobReport.tables(job.result()));
        model.addAttribute("lists", JobReport.lists(job.result()));
        model.addAttribute("parameters", JobReport.figures(job.parameters()));
    }

    /** A start form's fields as the kind's parameters; times as ISO-8601 instants or ages ({@code 2h}: 2 hours ago). */
    private JsonNode parameters(Job.Kind kind, Map<String, String> form) {
        ObjectNode parameters = json.createObjectNode();
        switch (kind) {
            case REPLAY -> {
                parameters.put("from", instant("from", form.get("from"), null));
                parameters.put("to", instant("to", form.get("to"), clock.instant()));
                parameters.put("orderId", form.get("orderId")); // blank: every order (the kind's check)
            }
            case REPUBLISH -> {
                parameters.put("orderId", form.get("orderId")); // blank: every order (the kind's check)
                parameters.put("since", instant("since", form.get("since"), null));
            }
            case REBUILD -> {
                // a rebuild takes nothing but dryRun
            }
        }
        return parameters;
    }

    /** The field as an instant, given as one or as an age ({@link Times#instantOrAge}); blank: {@code otherwise}. */
    private String instant(String field, String value, Instant otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise == null ? null : otherwise.toString();
        }
        return Times.instantOrAge(field, value, clock).toString();
    }
}
