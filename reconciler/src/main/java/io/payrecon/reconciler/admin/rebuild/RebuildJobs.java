package io.payrecon.reconciler.admin.rebuild;

import io.payrecon.reconciler.admin.jobs.Job;
import io.payrecon.reconciler.admin.jobs.JobHandler;
import io.payrecon.reconciler.admin.jobs.RunningJob;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A rebuild as a job: {@link Rebuild#run} with its progress (records read of the log up to the snapshot, then the
 * cut) written after every page, and cancelled between pages. Its report is the job's result. A rebuild has no
 * checkpoint: resumed or restarted, it always starts over in a fresh scratch schema, which is what makes both safe.
 * One rebuild at a time: a second rebuild job waits queued until the first ended (also when the first runs on another
 * instance; should two be claimed at once, the scratch schema's lock sends the second back to the queue).
 */
@Component
class RebuildJobs implements JobHandler {

    private final Rebuild rebuild;
    private final JsonMapper json;

    RebuildJobs(Rebuild rebuild, JsonMapper json) {
        this.rebuild = rebuild;
        this.json = json;
    }

    @Override
    public Job.Kind kind() {
        return Job.Kind.REBUILD;
    }

    @Override
    public Map<String, Object> check(boolean dryRun, JsonNode parameters) {
        return Map.of();
    }

    @Override
    public List<String> notes(boolean dryRun) {
        return List.of(
                "A rebuild always starts over in a fresh scratch schema: its resume is a restart",
                "Cancelled or interrupted, it drops its scratch schema and never switches over; the live listeners "
                        + "resume if it had paused them",
                "One rebuild at a time: a second one waits queued until the first ended");
    }

    @Override
    public String summary(JsonNode report) {
        long read = 0;
        for (JsonNode count : report.get("records")) {
            read += count.asLong();
        }
        return read + " records read, " + report.get("ordersRebuilt") + " orders rebuilt, " + report.get("differing")
                + " differ, "
                + (report.get("dryRun").booleanValue()
                        ? "dry run, nothing changed"
                        : report.get("switchedOver").booleanValue()
                                ? report.get("corrected") + " corrected"
                                : "not switched over")
                + ", " + report.get("rejected") + " rejected";
    }

    @Override
    public JsonNode run(RunningJob job) {
        try {
            Rebuild.Report report =
                    rebuild.run(job.dryRun(), job.operator(), (read, total) -> job.progress(read, total, null));
            return json.valueToTree(report);
        } catch (Rebuild.AlreadyRunning e) {
            throw new RunningJob.NotNow(e.getMessage());
        }
    }
}
