package dev.herald.app.console;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real headless Chromium (Debian's {@code chromium}) driven through Debian's {@code chromedriver}, for the console's
 * browser tests. Nothing is downloaded: Selenium Manager is bypassed by naming both binaries. Screenshots go to
 * {@code target/screenshots} as test artifacts. {@code .ci/run} installs the two packages where they are missing;
 * elsewhere: {@code apt-get install chromium chromium-driver} (or set HERALD_CHROMIUM / HERALD_CHROMEDRIVER).
 */
public final class ConsoleBrowser implements AutoCloseable {

    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final WebDriver driver;
    private final String baseUrl;
    private final Path profile;

    private ConsoleBrowser(WebDriver driver, String baseUrl, Path profile) {
        this.driver = driver;
        this.baseUrl = baseUrl;
        this.profile = profile;
    }

    /** Starts a browser for the console at {@code http://127.0.0.1:PORT}. */
    public static ConsoleBrowser open(int port) throws IOException {
        String chromium = System.getenv().getOrDefault("HERALD_CHROMIUM", "/usr/bin/chromium");
        String chromedriver = System.getenv().getOrDefault("HERALD_CHROMEDRIVER", "/usr/bin/chromedriver");
        if (!new File(chromium).canExecute() || !new File(chromedriver).canExecute()) {
            throw new IllegalStateException("browser tests need Chromium and ChromeDriver: apt-get install chromium"
                    + " chromium-driver (looked for " + chromium + " and " + chromedriver + ")");
        }
        Path profile = Files.createTempDirectory("herald-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        // the flags this machine needs: no sandbox as root, and no background calls to Google's hosts
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new ConsoleBrowser(driver, "http://127.0.0.1:" + port, profile);
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens a path on the server, e.g. {@code /console/campaigns}. */
    public ConsoleBrowser go(String path) {
        driver.get(baseUrl + path);
        return this;
    }

    /**
     * Signs in through the login form and waits for the answer (a console page, or the login page again with its
     * error), so a test's next navigation cannot cut the sign-in short.
     */
    public ConsoleBrowser login(String name, String password) {
        go("/console/login");
        WebElement form = driver.findElement(By.id("sign-in"));
        driver.findElement(By.id("name")).sendKeys(name);
        driver.findElement(By.id("password")).sendKeys(password);
        form.click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.or(
                gone(form), ExpectedConditions.presenceOfElementLocated(By.id("login-error"))));
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> "complete".equals(
                ((org.openqa.selenium.JavascriptExecutor) d).executeScript("return document.readyState")));
        return this;
    }

    /**
     * Clicks a link or submit button and waits until the next page has replaced this one, so that what the test
     * looks for next is found on the new page, not on the old one about to go (an id both pages share).
     */
    public ConsoleBrowser clickAndLoad(By by) {
        WebElement element = find(by);
        element.click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(gone(element));
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> "complete".equals(
                ((org.openqa.selenium.JavascriptExecutor) d).executeScript("return document.readyState")));
        return this;
    }

    /**
     * Selenium's {@code stalenessOf}, which also takes Chrome's other answer for an element of a page that has
     * gone: an "unknown error" saying the node "does not belong to the document" instead of a stale element
     * reference (seen with Chrome 156 when the new page replaced the old one mid-call).
     */
    static ExpectedCondition<Boolean> gone(WebElement element) {
        return d -> {
            try {
                element.isEnabled();
                return false;
            } catch (StaleElementReferenceException e) {
                return true;
            } catch (WebDriverException e) {
                if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                    return true;
                }
                throw e;
            }
        };
    }

    public WebElement find(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(by));
    }

    public String title() {
        return driver.getTitle();
    }

    public String path() {
        return java.net.URI.create(driver.getCurrentUrl()).getPath();
    }

    /** Saves a PNG of the page as {@code target/screenshots/NAME.png} and returns its path. */
    public Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
