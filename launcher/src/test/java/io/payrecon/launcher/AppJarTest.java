package io.payrecon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppJarTest {

    private static final Instant BUILT = Instant.parse("2026-12-05T19:00:00Z");

    @TempDir
    Path target;

    private AppJar app;

    @BeforeEach
    void anExecutableJar() throws IOException {
        app = new AppJar(target.resolve("reconciler.jar"));
        write(app.jar(), BUILT);
    }

    @Test
    void anAppWithoutATrainedCacheStartsFromItsExecutableJar() {
        assertThat(app.cached()).isFalse();
        assertThat(app.launchArguments(AppJar.Aot.AUTO))
                .containsExactly("-jar", app.jar().toString());
    }

    @Test
    void aCacheTrainedOnThisBuildIsUsedWithTheExtractedJarItWasTrainedWith() throws IOException {
        train(BUILT.plusSeconds(60));

        assertThat(app.cache()).isEqualTo(target.resolve("aot").resolve("reconciler.aot"));
        assertThat(app.launchArguments(AppJar.Aot.AUTO))
                .containsExactly(
                        "-XX:AOTCache=" + app.cache(),
                        "-jar",
                        target.resolve("aot").resolve("reconciler.jar").toString());
    }

    @Test
    void aJarBuiltAfterTheTrainingMakesTheCacheStaleAndTheAppStartsWithoutIt() throws IOException {
        train(BUILT.plusSeconds(60));
        write(app.jar(), BUILT.plusSeconds(120));

        assertThat(app.cached()).isFalse();
        assertThat(app.launchArguments(AppJar.Aot.AUTO))
                .containsExactly("-jar", app.jar().toString());
    }

    @Test
    void offIgnoresAFreshCacheAndTrainRecordsANewOneFromTheExtractedJar() throws IOException {
        train(BUILT.plusSeconds(60));

        assertThat(app.launchArguments(AppJar.Aot.OFF))
                .containsExactly("-jar", app.jar().toString());
        assertThat(app.launchArguments(AppJar.Aot.TRAIN))
                .containsExactly(
                        "-XX:AOTCacheOutput=" + app.cache(),
                        "-jar",
                        app.extractedJar().toString());
    }

    @Test
    void pipelineAotIsReadCaseInsensitivelyAndAnUnknownValueIsRefusedWithTheChoices() {
        assertThat(AppJar.Aot.of(Map.of())).isEqualTo(AppJar.Aot.AUTO);
        assertThat(AppJar.Aot.of(Map.of("PIPELINE_AOT", "Off"))).isEqualTo(AppJar.Aot.OFF);
        assertThatThrownBy(() -> AppJar.Aot.of(Map.of("PIPELINE_AOT", "yes")))
                .hasMessage("PIPELINE_AOT must be auto, off or train, was 'yes'");
    }

    private void train(Instant at) throws IOException {
        write(app.extractedJar(), at);
        write(app.cache(), at);
    }

    private static void write(Path file, Instant modified) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[] {1});
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }
}
