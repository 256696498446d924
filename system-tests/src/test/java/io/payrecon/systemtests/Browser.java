package io.payrecon.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium, driven through chromedriver: Debian's {@code chromium} and {@code chromium-driver}, found
 * on the {@code PATH} (or named by {@code CHROMIUM_BINARY} and {@code CHROMEDRIVER}), never downloaded. Each browser
 * has an empty profile of its own. Screenshots are kept under {@code target/screenshots}, numbered in the order they
 * were taken, for CI to keep and people to look at.
 *
 * <p>Without a Chromium the tests that need one are skipped, saying how to install it; with {@code REQUIRE_BROWSER=true}
 * ({@code .ci/run}, which installs it) they fail instead, so CI cannot pass by skipping them.
 */
final class Browser implements AutoCloseable {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final AtomicInteger TAKEN = new AtomicInteger();

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A new browser with an empty profile and a laptop's window (1366×768). */
    static Browser open() {
        return open(true);
    }

    /** As {@link #open()}, with JavaScript switched off when {@code javascript} is false (as some operators run). */
    static Browser open(boolean javascript) {
        Path chromium = executable("CHROMIUM_BINARY", "chromium", "chromium-browser")
                .orElseThrow(() -> new IllegalStateException("No Chromium: " + HOW_TO_INSTALL));
        Path chromedriver = executable("CHROMEDRIVER", "chromedriver")
                .orElseThrow(() -> new IllegalStateException("No chromedriver: " + HOW_TO_INSTALL));
        try {
            Path profile = Files.createTempDirectory("console-browser-");
            ChromeOptions options = new ChromeOptions()
                    .setBinary(chromium.toFile())
                    .addArguments(
                            "--headless",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--no-first-run",
                            "--disable-dev-shm-usage",
                            "--window-size=1366,768",
                            "--user-data-dir=" + profile);
            if (!javascript) {
                options.setExperimentalOption(
                        "prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
            }
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(chromedriver.toFile())
                    .usingAnyFreePort()
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new Browser(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Skips the calling test when there is no Chromium here, or fails it when one is required. */
    static void assumeInstalled() {
        boolean installed =
                executable("CHROMIUM_BINARY", "chromium", "chromium-browser").isPresent()
                        && executable("CHROMEDRIVER", "chromedriver").isPresent();
        if (installed) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("REQUIRE_BROWSER"))) {
            Assertions.fail("REQUIRE_BROWSER=true but no Chromium and chromedriver here: " + HOW_TO_INSTALL);
        }
        Assumptions.abort(
                "No Chromium and chromedriver here, so the console's browser tests are skipped: " + HOW_TO_INSTALL);
    }

    private static final String HOW_TO_INSTALL =
            "install Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run does)";

    void get(String url) {
        driver.get(url);
    }

    String url() {
        return driver.getCurrentUrl();
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    boolean has(String css) {
        return !findAll(css).isEmpty();
    }

    String text(String css) {
        return find(css).getText();
    }

    void type(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
    }

    /**
     * Clicks a link or a button that leads to another page, and waits until that page replaced this one (a click
     * returns before the browser has navigated, and the old page would be read). For a click that stays on the page
     * (a checkbox), click the element itself.
     */
    void click(String css) {
        WebElement page = driver.findElement(By.tagName("html"));
        find(css).click();
        await(Duration.ofSeconds(30), ExpectedConditions.stalenessOf(page));
    }

    /** Keys sent to whatever has the focus, as a person at the keyboard types them. */
    void keys(CharSequence... keys) {
        new org.openqa.selenium.interactions.Actions(driver).sendKeys(keys).perform();
    }

    /** The element that has the focus. */
    WebElement focused() {
        return driver.switchTo().activeElement();
    }

    /** Waits up to {@code timeout} for {@code condition}, re-reading the page as it changes. */
    <T> T await(Duration timeout, ExpectedCondition<T> condition) {
        // A page that refreshes itself (the jobs page while a job runs) can replace an element between finding it
        // and reading it: that look failed, the next one reads the new element.
        return new WebDriverWait(driver, timeout, Duration.ofMillis(200))
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    Set<Cookie> cookies() {
        return driver.manage().getCookies();
    }

    /** Keeps what the page looks like now as {@code target/screenshots/NN-name.png}. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve("%02d-%s.png".formatted(TAKEN.incrementAndGet(), name));
            Files.move(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a temporary profile left behind is not worth failing a test for
            }
        }
    }

    /** The executable named by {@code variable}, else the first of {@code names} on the {@code PATH}. */
    private static Optional<Path> executable(String variable, String... names) {
        String named = System.getenv(variable);
        if (named != null && !named.isBlank()) {
            return Optional.of(Path.of(named)).filter(Files::isExecutable);
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String name : names) {
            for (String directory : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(directory, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
