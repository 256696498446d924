package io.payrecon.platform;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What every app bounds, prefix {@code platform}.
 *
 * @param requests the bounds of every request body
 * @param probeTimeout how long the database may take to answer before a failure counts as its outage
 */
@Validated
@ConfigurationProperties("platform")
public record PlatformProperties(
        @DefaultValue @Valid Requests requests,
        @DefaultValue("3s") @NotNull Duration probeTimeout) {

    /**
     * @param maxBody the largest request body an app reads (413 beyond it)
     * @param bodyDeadline how long after its headers a request's whole body may take to arrive (408 beyond it)
     * @param selfBoundedPaths paths whose handler reads its body with bounds of its own
     */
    public record Requests(
            @DefaultValue("64KB") @NotNull DataSize maxBody,
            @DefaultValue("10s") @NotNull Duration bodyDeadline,
            @DefaultValue List<String> selfBoundedPaths) {}
}
