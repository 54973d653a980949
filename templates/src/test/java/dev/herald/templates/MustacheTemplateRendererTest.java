package dev.herald.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.engine.delivery.RenderedEmail;
import dev.herald.engine.delivery.TemplateRenderer.TemplateNotFoundException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MustacheTemplateRendererTest {

    private static final String HOSTILE = "<script>alert(1)</script> & \"Bob\"";

    private final MustacheTemplateRenderer renderer = new MustacheTemplateRenderer();

    @Test
    void welcomeGreetsCustomerByFirstName() {
        RenderedEmail email = renderer.render("welcome", Models.welcome("Ada Lovelace", "Ada"));

        assertThat(email.subject()).isEqualTo("Welcome to Herald Shop, Ada!");
        assertThat(email.html()).contains("Hi Ada,").contains("Welcome to Herald Shop!");
        assertThat(email.text()).startsWith("Hi Ada,\n\nWelcome to Herald Shop!");
    }

    @Test
    void welcomeHtmlUsesSharedLayoutWithFooter() {
        RenderedEmail email = renderer.render("welcome", Models.welcome("Ada Lovelace", "Ada"));

        assertThat(email.html())
                .startsWith("<!DOCTYPE html>")
                .contains("<title>Welcome to Herald Shop</title>")
                .contains("This email was sent to ada@example.com. You receive it because you have an account with Herald Shop.")
                .doesNotContain("{{").doesNotContain("<script").doesNotContain("Unsubscribe");
        assertThat(email.html().split("http", -1)).as("one link only: the shop's new arrivals").hasSize(2);
        assertThat(email.html()).contains("href=\"https://shop.example/new?utm_source=herald&amp;utm_campaign=welcome\"");
        assertThat(email.text()).endsWith("--\nThis email was sent to ada@example.com. "
                + "You receive it because you have an account with Herald Shop.\n");
    }

    @Test
    void htmlPartEscapesCustomerName() {
        RenderedEmail email = renderer.render("welcome", Models.welcome(HOSTILE, HOSTILE));

        assertThat(email.html())
                .contains("Hi &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Bob&quot;,")
                .doesNotContain("<script>")
                .doesNotContain(HOSTILE)
                .doesNotContain("\"Bob\"");
    }

    @Test
    void thankYouHtmlEscapesOrderItemNames() {
        RenderedEmail email = renderer.render("thank-you", Models.thankYou("Ada", "Ada",
                List.of(Models.item("p1", "<img src=x onerror=alert(1)>", 1, "£1.00", "£1.00")), "£1.00"));

        assertThat(email.html()).doesNotContain("<img").contains("&lt;img src&#61;x onerror&#61;alert(1)&gt;");
        assertThat(email.text()).contains("- <img src=x onerror=alert(1)> x 1 at £1.00 = £1.00");
    }

    @Test
    void textPartKeepsNameUnescaped() {
        RenderedEmail email = renderer.render("welcome", Models.welcome(HOSTILE, HOSTILE));

        assertThat(email.text()).startsWith("Hi " + HOSTILE + ",\n").doesNotContain("&amp;").doesNotContain("&lt;");
    }

    @Test
    void subjectIsNotHtmlEscaped() {
        RenderedEmail email = renderer.render("welcome", Models.welcome("Tom & \"Jerry\" <x>", "Tom & \"Jerry\" <x>"));

        assertThat(email.subject()).isEqualTo("Welcome to Herald Shop, Tom & \"Jerry\" <x>!");
    }

    @Test
    void missingNameFallsBackToThere() {
        RenderedEmail email = renderer.render("welcome", Models.welcome("", ""));

        assertThat(email.subject()).isEqualTo("Welcome to Herald Shop!");
        assertThat(email.html()).contains("Hi there,");
        assertThat(email.text()).startsWith("Hi there,\n");
    }

    @Test
    void missingCustomerStillReadsNaturally() {
        RenderedEmail email = renderer.render("welcome", Map.of());

        assertThat(email.subject()).isEqualTo("Welcome to Herald Shop!");
        assertThat(email.html()).contains("Hi there,").doesNotContain("This email was sent to");
        assertThat(email.text()).startsWith("Hi there,\n");
    }

    @Test
    void thankYouListsEveryOrderItemAndTotal() {
        RenderedEmail email = renderer.render("thank-you", Models.thankYou("Ada Lovelace", "Ada", List.of(
                Models.item("p1", "Tea towel", 2, "£3.00", "£6.00"),
                Models.item("p2", "Mug", 1, "£6.50", "£6.50")), "£12.50"));

        assertThat(email.subject()).isEqualTo("Thank you for your first order, Ada");
        assertThat(email.html())
                .contains("Hi Ada,")
                .contains("ord-1001")
                .containsSubsequence("<th", "Item", "Qty", "Unit price", "Line total",
                        ">Tea towel</td>", ">2</td>", ">£3.00</td>", ">£6.00</td>",
                        ">Mug</td>", ">1</td>", ">£6.50</td>", ">£6.50</td>",
                        "Total", ">£12.50</td>");
        assertThat(email.text())
                .contains("Hi Ada,\n")
                .contains("Your order:\n- Tea towel x 2 at £3.00 = £6.00\n- Mug x 1 at £6.50 = £6.50\n\nTotal: £12.50\n");
    }

    @Test
    void thankYouWithoutNameFallsBackToThere() {
        RenderedEmail email = renderer.render("thank-you",
                Models.thankYou("", "", List.of(Models.item("p1", "Mug", 1, "£6.50", "£6.50")), "£6.50"));

        assertThat(email.subject()).isEqualTo("Thank you for your first order");
        assertThat(email.html()).contains("Hi there,");
        assertThat(email.text()).startsWith("Hi there,\n");
    }

    @Test
    void plainTextIsDerivedWhenTemplateHasNone() {
        RenderedEmail email = renderer.render("derived-text", Models.welcome("Zoë <Z> & Co", "Zoë <Z> & Co"));

        assertThat(email.subject()).isEqualTo("News for Zoë <Z> & Co");
        assertThat(email.html()).contains("Hi Zoë &lt;Z&gt; &amp; Co,");
        assertThat(email.text()).isEqualTo("""
                Herald Shop

                Spring news

                Hi Zoë <Z> & Co,

                Read our guide (https://shop.example/guide?a=1&b=2)
                before Friday — it's short.

                - Fish & chips
                - Café ☕

                Questions? help@shop.example

                This email was sent to ada@example.com. You receive it because you have an account with Herald Shop.
                """);
    }

    @Test
    void subjectWithLineBreakIsRejected() {
        Map<String, Object> model = Models.welcome("Ada", "Ada\r\nBcc: victim@example.com");

        assertThatThrownBy(() -> renderer.render("welcome", model))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("subject of email template 'welcome'")
                .hasMessageContaining("CR or LF");
    }

    @Test
    void subjectLosesSurroundingWhitespace() {
        RenderedEmail email = renderer.render("welcome", Models.welcome("Ada", "Ada"));

        assertThat(email.subject()).isEqualTo(email.subject().strip()).doesNotEndWith("\n");
    }

    @Test
    void unknownTemplateIsReported() {
        assertThatThrownBy(() -> renderer.render("no-such-template", Models.welcome("Ada", "Ada")))
                .isInstanceOf(TemplateNotFoundException.class)
                .hasMessageContaining("no-such-template");
        assertThat(renderer.exists("no-such-template")).isFalse();
    }

    @Test
    void existsKnowsShippedTemplates() {
        assertThat(renderer.exists("welcome")).isTrue();
        assertThat(renderer.exists("thank-you")).isTrue();
    }

    @Test
    void sharedPartsAndPathsAreNotTemplates() {
        for (String key : new String[] {"_layout", "../templates/welcome", "welcome/", "/welcome", "", "WELCOME/..", null}) {
            assertThat(renderer.exists(key)).as("exists(%s)", key).isFalse();
            assertThatThrownBy(() -> renderer.render(key, Map.of())).isInstanceOf(TemplateNotFoundException.class);
        }
    }

    @Test
    void classLoaderAndBasePathConstructorFindsSameTemplates() {
        MustacheTemplateRenderer explicit =
                new MustacheTemplateRenderer(getClass().getClassLoader(), "/templates");

        assertThat(explicit.render("welcome", Models.welcome("Ada", "Ada")))
                .isEqualTo(renderer.render("welcome", Models.welcome("Ada", "Ada")));
        assertThat(new MustacheTemplateRenderer(getClass().getClassLoader(), "elsewhere/").exists("welcome")).isFalse();
    }

    @Test
    void shippedTemplatesNeverUseUnescapedOutput() throws IOException, URISyntaxException {
        List<Path> files = new ArrayList<>();
        for (URL root : Collections.list(getClass().getClassLoader().getResources("templates"))) {
            try (Stream<Path> walk = Files.walk(Path.of(root.toURI()))) {
                walk.filter(p -> p.toString().endsWith(".mustache")).forEach(files::add);
            }
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(9);
        for (Path file : files) {
            String source = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(source).as(file.toString()).doesNotContain("{{{").doesNotContain("{{&").doesNotContain("{{=");
            if (file.getFileName().toString().startsWith("html")) {
                assertThat(source).as(file.toString()).doesNotContainIgnoringCase("<script").doesNotContain("src=\"http");
            }
        }
    }

    @Test
    void rendersSafelyFromManyThreads() throws Exception {
        MustacheTemplateRenderer fresh = new MustacheTemplateRenderer();
        int threads = 8;
        int rendersPerThread = 300;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<Integer> task = () -> {
                    start.await();
                    int checked = 0;
                    for (int i = 0; i < rendersPerThread; i++) {
                        String first = "N" + thread + "x" + i;
                        String key = i % 2 == 0 ? "welcome" : "thank-you";
                        Map<String, Object> model = key.equals("welcome")
                                ? Models.welcome(first + " Smith", first)
                                : Models.thankYou(first + " Smith", first,
                                        List.of(Models.item("p" + i, "Item " + first, i, "£1.00", "£" + i + ".00")), "£" + i + ".00");
                        RenderedEmail email = fresh.render(key, model);
                        assertThat(email.subject()).endsWith(key.equals("welcome") ? ", " + first + "!" : ", " + first);
                        assertThat(email.html()).contains("Hi " + first + ",");
                        assertThat(email.text()).startsWith("Hi " + first + ",\n");
                        if (key.equals("thank-you")) {
                            assertThat(email.text()).contains("- Item " + first + " x " + i + " at £1.00 = £" + i + ".00");
                        }
                        checked++;
                    }
                    return checked;
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> result : results) {
                total += result.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(threads * rendersPerThread);
        } finally {
            pool.shutdownNow();
        }
    }
}
