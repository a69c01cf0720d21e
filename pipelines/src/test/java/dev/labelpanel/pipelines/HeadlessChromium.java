package dev.labelpanel.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens a local HTML file in Debian's Chromium, headless: the DOM after loading (--dump-dom), the browser's console
 * messages (its log on stderr: "CONSOLE" lines, where blocked requests and script errors show), and a screenshot.
 */
final class HeadlessChromium {
    private static final Pattern CONSOLE = Pattern.compile(".*:CONSOLE[^\\]]*\\] (.*)");
    private static final Pattern REFERENCE =
            Pattern.compile("(?i)\\b(?:src|href|xlink:href|action|poster)\\s*=\\s*" + "[\"']([^\"']*)[\"']");
    private static final Pattern CSS_URL = Pattern.compile("(?i)url\\(\\s*['\"]?([^'\")]*)");

    record Page(String dom, List<String> console, Path screenshot) {}

    private HeadlessChromium() {}

    static Path binary() {
        return ExternalTool.find(
                "LABELPANEL_CHROMIUM",
                "/usr/bin/chromium",
                "install Debian's chromium (apt-get install chromium; .ci/run does) or set LABELPANEL_CHROMIUM");
    }

    static Page open(Path html, Path screenshot, Path workDir) throws IOException, InterruptedException {
        Path chromium = binary();
        Files.createDirectories(screenshot.getParent());
        Run dom = run(chromium, workDir, "dom", "--dump-dom", html.toUri().toString());
        Run shot = run(
                chromium,
                workDir,
                "shot",
                "--screenshot=" + screenshot,
                "--window-size=1280,2000",
                "--hide-scrollbars",
                html.toUri().toString());
        assertTrue(Files.size(screenshot) > 10_000, "the screenshot " + screenshot + " is (nearly) empty");
        List<String> console = new ArrayList<>(dom.console());
        console.addAll(shot.console());
        return new Page(dom.stdout(), console, screenshot);
    }

    private record Run(String stdout, List<String> console) {}

    private static Run run(Path chromium, Path workDir, String name, String... args)
            throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(workDir, "chromium-profile-");
        List<String> command = new ArrayList<>(List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--enable-logging=stderr",
                "--v=0"));
        command.addAll(List.of(args));
        ChildProcess chrome = ChildProcess.run(command, Map.of(), workDir, Duration.ofMinutes(3));
        assertEquals(0, chrome.exit(), "chromium " + name + " failed: " + chrome.err());
        List<String> console = new ArrayList<>();
        for (String line : chrome.err().lines().toList()) {
            Matcher m = CONSOLE.matcher(line);
            if (m.matches()) {
                console.add(m.group(1));
            }
        }
        return new Run(chrome.out(), console);
    }

    /** Every reference (src, href, CSS url()) in {@code html} that is not in the page itself (#…) or data:. */
    static List<String> externalReferences(String html) {
        List<String> external = new ArrayList<>();
        for (Pattern p : List.of(REFERENCE, CSS_URL)) {
            Matcher m = p.matcher(html);
            while (m.find()) {
                String ref = m.group(1).trim();
                if (!ref.startsWith("#") && !ref.startsWith("data:")) {
                    external.add(ref);
                }
            }
        }
        return external;
    }

    /** The {@code <figure class="chart">} elements of a DOM, each as its markup. */
    static List<String> charts(String dom) {
        List<String> charts = new ArrayList<>();
        int at = 0;
        while ((at = dom.indexOf("<figure class=\"chart\">", at)) >= 0) {
            int end = dom.indexOf("</figure>", at);
            charts.add(dom.substring(at, end < 0 ? dom.length() : end));
            at = end < 0 ? dom.length() : end;
        }
        return charts;
    }
}
