package com.xakia.scim.support;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.core.ConditionTimeoutException;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven by Selenium through Debian's chromedriver (no Selenium Manager download),
 * with a fresh profile. Controls are found the way assistive technology sees them: by role and accessible name.
 */
public final class Browser implements AutoCloseable {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String CANDIDATES = "button, input, select, textarea, a, [role], td, h1, h2, h3, p";
    /** Elements whose implicit role is only this one: left out of a look-up for another role (a big table is slow). */
    private static final Map<String, String> ONLY = Map.of("td", "cell|gridcell", "h1, h2, h3", "heading", "p", "paragraph");

    public final ChromeDriver driver;
    private final Path profile;

    public Browser() {
        profile = RunningApp.tempDir();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(executable("chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    }

    /** The viewport a phone or a desktop has: CSS pixels, so media queries see exactly this width. */
    public void viewport(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 600));
    }

    /** The one displayed element with this ARIA role and accessible name, waited for. */
    public WebElement byRole(String role, String name) {
        AtomicReference<WebElement> found = new AtomicReference<>();
        try {
            await().atMost(Duration.ofSeconds(10)).ignoreException(StaleElementReferenceException.class)
                    .until(() -> {
                        List<WebElement> matches = driver.findElements(By.cssSelector(candidates(role))).stream()
                                .filter(e -> e.isDisplayed() && role.equals(e.getAriaRole()) && name.equals(e.getAccessibleName()))
                                .toList();
                        found.set(matches.size() == 1 ? matches.get(0) : null);
                        return found.get() != null;
                    });
        } catch (ConditionTimeoutException e) {
            screenshot("failed-" + role + "-" + name.replaceAll("\\W+", "_"));
            throw new AssertionError("no single " + role + " named \"" + name + "\" on " + driver.getCurrentUrl()
                    + "; shown: " + shown(), e);
        }
        return found.get();
    }

    /** Every displayed element with this ARIA role, in document order. */
    public List<WebElement> allByRole(String role) {
        return driver.findElements(By.cssSelector(candidates(role))).stream()
                .filter(e -> e.isDisplayed() && role.equals(e.getAriaRole())).toList();
    }

    /** The elements that may have this role: every candidate but those whose only implicit role is another. */
    private static String candidates(String role) {
        StringBuilder selector = new StringBuilder("button, input, select, textarea, a, [role]");
        ONLY.forEach((tags, roles) -> {
            if (role.matches(roles)) {
                selector.append(", ").append(tags);
            }
        });
        return selector.toString();
    }

    /**
     * The table with this accessible name as the browser's accessibility tree has it (one DevTools call, not a
     * WebDriver round trip per cell): one list per row, of its cells' (and headers') accessible names.
     */
    @SuppressWarnings("unchecked")
    public List<List<String>> table(String name) {
        List<Map<String, Object>> nodes = (List<Map<String, Object>>) driver.executeCdpCommand(
                "Accessibility.getFullAXTree", Map.of()).get("nodes");
        Map<String, Map<String, Object>> byId = new java.util.HashMap<>();
        nodes.forEach(node -> byId.put((String) node.get("nodeId"), node));
        List<Map<String, Object>> tables = nodes.stream()
                .filter(node -> !ignored(node) && "table".equals(axValue(node, "role")) && name.equals(axValue(node, "name")))
                .toList();
        if (tables.size() != 1) {
            throw new AssertionError(tables.size() + " tables named \"" + name + "\"");
        }
        List<List<String>> rows = new java.util.ArrayList<>();
        collect(tables.get(0), byId, "row", row -> {
            List<String> cells = new java.util.ArrayList<>();
            collect(row, byId, "cell|gridcell|columnheader|rowheader", cell -> cells.add(axValue(cell, "name")));
            rows.add(cells);
        });
        return rows;
    }

    /** Calls {@code found} for each shown descendant whose role matches, without looking inside it. */
    @SuppressWarnings("unchecked")
    private static void collect(Map<String, Object> node, Map<String, Map<String, Object>> byId, String roles,
                                java.util.function.Consumer<Map<String, Object>> found) {
        for (Object childId : (List<Object>) node.getOrDefault("childIds", List.of())) {
            Map<String, Object> child = byId.get(String.valueOf(childId));
            if (child == null) {
                continue;
            }
            String role = axValue(child, "role");
            if (!ignored(child) && role != null && role.matches(roles)) {
                found.accept(child);
            } else {
                collect(child, byId, roles, found);
            }
        }
    }

    private static boolean ignored(Map<String, Object> node) {
        return Boolean.TRUE.equals(node.get("ignored"));
    }

    @SuppressWarnings("unchecked")
    private static String axValue(Map<String, Object> node, String property) {
        Object value = node.get(property) instanceof Map<?, ?> map ? ((Map<String, Object>) map).get("value") : null;
        return value == null ? null : String.valueOf(value);
    }

    /** Role and name of every displayed candidate: what a failed look-up says it saw. */
    private List<String> shown() {
        return driver.findElements(By.cssSelector(CANDIDATES)).stream().filter(WebElement::isDisplayed)
                .map(e -> e.getAriaRole() + " \"" + e.getAccessibleName() + "\"").distinct().toList();
    }

    public boolean hasNoHorizontalScroll() {
        Object fits = ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth <= window.innerWidth");
        return Boolean.TRUE.equals(fits);
    }

    /** Saves the whole page (not only the viewport) as target/screenshots/{name}.png. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                    Map.of("format", "png", "captureBeyondViewport", true));
            byte[] png = OutputType.BYTES.convertFromBase64Png((String) shot.get("data"));
            return Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String[] CHROMIUM = {"/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser"};

    /**
     * Browser tests need Debian's Chromium and its driver. On a developer's machine without them the tests
     * are skipped with the command that installs them (the README's "only JDK and Maven" promise); under
     * CI (CI=true, where .ci/run installs them) a missing browser is a failure, never a silent skip.
     */
    public static void assumeInstalled() {
        boolean installed = java.util.Arrays.stream(CHROMIUM).anyMatch(c -> new File(c).canExecute())
                && new File(executable("chromedriver", "/usr/bin/chromedriver")).canExecute();
        if (!installed && !"true".equals(System.getenv("CI"))) {
            org.junit.jupiter.api.Assumptions.abort(
                    "Chromium is not installed, browser tests skipped: apt-get install -y chromium chromium-driver");
        }
    }

    private static String chromium() {
        for (String candidate : CHROMIUM) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        throw new IllegalStateException("Chromium is not installed: apt-get install -y chromium chromium-driver");
    }

    private static String executable(String name, String fallback) {
        return new File(fallback).canExecute() ? fallback : name;
    }

    @Override
    public void close() {
        driver.quit();
        RunningApp.remove(profile);
    }
}
