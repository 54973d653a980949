package dev.herald.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.herald.app.TestCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code herald templates check-links} on templates in a data directory's templates folder (an edited built-in one
 * and two new ones) whose links point at WireMock, standing in for the shop's website.
 */
class TemplatesCheckLinksIT {

    @TempDir
    Path dir;
    WireMockServer shop;
    String base;

    @BeforeEach
    void start() throws Exception {
        shop = new WireMockServer(wireMockConfig().dynamicPort());
        shop.start();
        base = "http://127.0.0.1:" + shop.port();
        shop.stubFor(any(urlEqualTo("/sale")).willReturn(aResponse().withStatus(200)));
        shop.stubFor(any(urlEqualTo("/old-sale")).willReturn(aResponse().withStatus(301)
                .withHeader("Location", base + "/sale")));
        shop.stubFor(any(urlEqualTo("/discontinued")).willReturn(aResponse().withStatus(404)));
        String footer = "{{#unsubscribeUrl}}<p><a href=\"{{unsubscribeUrl}}\">Unsubscribe</a></p>{{/unsubscribeUrl}}";
        write("spring-sale/subject.mustache", "Spring sale, {{customer.firstName | default: \"friend\"}}");
        write("spring-sale/html.mustache", "<p><a href=\"" + base + "/sale\">Shop the sale</a>"
                + " or <a href=\"" + base + "/old-sale\">last year's</a>."
                + " Questions? <a href=\"mailto:help@shop.example\">Write to us</a>.</p>" + footer);
        write("autumn-sale/subject.mustache", "Autumn sale");
        write("autumn-sale/html.mustache", "<p><a href=\"" + base + "/sale\">Shop the sale</a>"
                + " and <a href=\"" + base + "/discontinued\">our old favourite</a>.</p>" + footer);
    }

    @AfterEach
    void stop() {
        shop.stop();
    }

    private void write(String path, String text) throws Exception {
        Path file = dir.resolve("templates").resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    @Test
    void aBrokenLinkIsNamedWithItsStatusAndTheExitCodeIsOne() {
        TestCli.Result result = TestCli.run("templates", "check-links", "spring-sale", "autumn-sale",
                "--timeout", "2s", "--data-dir", dir.toString());

        assertThat(result.exitCode()).as(result.out()).isEqualTo(1);
        assertThat(result.outLines()).contains(
                "  BROKEN      404  " + base + "/discontinued  (Not Found)",
                "  autumn-sale: 3 links: 1 fine, 1 broken, 1 skipped",
                "  spring-sale: 4 links: 2 fine, 2 skipped",
                "2 templates, 7 links: 3 fine, 1 broken, 3 skipped; to fix: autumn-sale");
        shop.verify(headRequestedFor(urlEqualTo("/discontinued")).withHeader("User-Agent",
                equalTo("Herald-LinkCheck/1.0")));
    }

    @Test
    void whenEveryLinkWorksTheExitCodeIsZeroAndRedirectsAndSkippedLinksAreShown() {
        TestCli.Result result = TestCli.run("templates", "check-links", "spring-sale", "--timeout", "2s",
                "--data-dir", dir.toString(), "-Dherald.public-url=https://mail.shop.example");

        assertThat(result.exitCode()).as(result.out()).isZero();
        assertThat(result.outLines()).containsExactly(
                "spring-sale (as written)",
                "  OK          200  " + base + "/sale",
                "  OK          200  " + base + "/old-sale -> " + base + "/sale",
                "  SKIPPED          mailto:help@shop.example  (a mailto: address)",
                "  SKIPPED          https://mail.shop.example/u/link-check  (Herald's own link under"
                        + " https://mail.shop.example: unsubscribe, preferences, tracking)",
                "  spring-sale: 4 links: 2 fine, 2 skipped",
                "",
                "1 template, 4 links: 2 fine, 2 skipped");
    }

    @Test
    void anEditOfABuiltInTemplateInTheDataDirectoryIsWhatIsChecked() throws Exception {
        write("welcome/html.mustache", "{{<_layout/html}}\n{{$body}}\n<p>Hi {{customer.firstName | default:"
                + " \"there\"}}, <a href=\"" + base + "/discontinued\">see what is new</a></p>\n{{/body}}\n"
                + "{{/_layout/html}}\n");

        TestCli.Result result = TestCli.run("templates", "check-links", "welcome", "--timeout", "2s",
                "--data-dir", dir.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        // the test class path adds a variant B (a subject of its own) to the built-in welcome
        assertThat(result.outLines().get(0)).isEqualTo("welcome (as written; de translation; variant B;"
                + " variant B, de translation)");
        assertThat(result.out()).contains("  BROKEN      404  " + base + "/discontinued  (Not Found)  [only in: as"
                + " written; variant B]");
    }

    @Test
    void anUnknownTemplateIsABadArgumentAndTheKnownOnesAreListed() {
        TestCli.Result result = TestCli.runCapturingErrors("templates", "check-links", "spring-sale", "summer-sale",
                "--data-dir", dir.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("unknown template 'summer-sale'; the templates are: autumn-sale,"
                + " cart-last-reminder, cart-reminder, confirm-subscription, spring-sale, thank-you, welcome, win-back");
        assertThat(result.out()).isEmpty();
        shop.verify(0, headRequestedFor(urlEqualTo("/sale")));
    }

    @Test
    void aTimeoutThatIsNoDurationIsABadArgument() {
        TestCli.Result result = TestCli.runCapturingErrors("templates", "check-links", "--timeout", "soon",
                "--data-dir", dir.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--timeout must be a positive duration such as 5s, 1500ms or 2m; got 'soon'");
    }

    @Test
    void jsonIsOneDocumentWithEveryLinkAndTheSummaries() throws Exception {
        TestCli.Result result = TestCli.run("templates", "check-links", "autumn-sale", "--json", "--timeout", "2s",
                "--data-dir", dir.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        JsonNode root = new ObjectMapper().readTree(result.out());
        assertThat(root.path("clean").asBoolean()).isFalse();
        assertThat(root.path("summary").path("text").asText()).isEqualTo("3 links: 1 fine, 1 broken, 1 skipped");
        JsonNode template = root.path("templates").get(0);
        assertThat(template.path("template").asText()).isEqualTo("autumn-sale");
        JsonNode broken = template.path("links").get(1);
        assertThat(broken.path("url").asText()).isEqualTo(base + "/discontinued");
        assertThat(broken.path("result").asText()).isEqualTo("BROKEN");
        assertThat(broken.path("status").asInt()).isEqualTo(404);
        assertThat(broken.path("reason").asText()).isEqualTo("Not Found");
        assertThat(broken.path("foundIn").get(0).asText()).isEqualTo("as written");
        assertThat(template.path("links").get(0).path("status").asInt()).isEqualTo(200);
        assertThat(template.path("links").get(2).path("status").isNull()).isTrue();
    }
}
