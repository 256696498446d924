package io.payrecon.systemtests;

import io.payrecon.devstack.DevStack;
import io.payrecon.launcher.App;
import io.payrecon.launcher.Credentials;
import io.payrecon.launcher.LocalSystem;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The whole system as the system tests run it: the shared devstack, free ports, small JVMs, a minimal environment. */
final class TestSystems {

    private TestSystems() {}

    static LocalSystem start() {
        return start(Map.of());
    }

    /** As {@link #start()}, with settings for single apps on top (a shorter timeout for link-service, say). */
    static LocalSystem start(Map<App, Map<String, String>> appEnvironment) {
        return create(appEnvironment).start();
    }

    /** Only these apps, the others not started (the sandbox and the gateway, say). */
    static LocalSystem startOnly(List<App> apps) {
        return create(Map.of()).start(apps);
    }

    private static LocalSystem create(Map<App, Map<String, String>> appEnvironment) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String inherited : List.of("PATH", "HOME", "JAVA_HOME", "LANG", "TMPDIR")) {
            if (System.getenv(inherited) != null) {
                environment.put(inherited, System.getenv(inherited));
            }
        }
        return new LocalSystem(
                Path.of("..").toAbsolutePath().normalize(),
                DevStack.shared(),
                Credentials.generate(),
                LocalSystem.freePorts(),
                environment,
                appEnvironment,
                List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                Path.of("target", "app-logs"),
                null);
    }
}
