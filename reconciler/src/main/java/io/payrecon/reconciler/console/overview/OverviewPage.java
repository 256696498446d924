package io.payrecon.reconciler.console.overview;

import io.payrecon.reconciler.console.ConsoleController;
import java.time.Clock;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The overview: tiles of what the reconciler is doing, each with the last hour as a small chart. The tiles are
 * re-fetched by htmx every 5 s from {@code /console/overview/tiles}; without JavaScript the page still shows the
 * current values. The refreshes stop after 30 minutes (360), so an overview left open does not keep the session alive
 * for ever; reloading resumes them.
 */
@ConsoleController
class OverviewPage {

    /** 30 minutes of refreshes every 5 s: the session's idle timeout. */
    static final int MAX_REFRESHES = 360;

    private final OverviewSampler sampler;
    private final Clock clock;

    OverviewPage(OverviewSampler sampler, Clock clock) {
        this.sampler = sampler;
        this.clock = clock;
    }

    @GetMapping({"/console", "/console/"})
    String overview(Model model) {
        tiles(model, 0);
        model.addAttribute("section", "overview");
        return "console/overview";
    }

    @GetMapping("/console/overview/tiles")
    String tiles(@RequestParam(name = "n", defaultValue = "0") int refreshes, Model model) {
        tiles(model, refreshes);
        return "console/overview :: tiles";
    }

    private void tiles(Model model, int refreshes) {
        model.addAttribute(
                "tiles",
                Tiles.of(sampler.samples(), sampler.latencyBounds(), sampler.gatewayConfigured(), clock.instant()));
        model.addAttribute("sampleEvery", sampler.every().toSeconds() + " s");
        model.addAttribute("refreshes", Math.max(0, refreshes));
        model.addAttribute("live", refreshes < MAX_REFRESHES);
    }
}
