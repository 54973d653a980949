package dev.herald.templates;

import dev.herald.templates.LinkChecker.FoundLink;
import dev.herald.templates.LinkChecker.Outcome;
import dev.herald.templates.LinkChecker.Result;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which links {@link LinkChecker} finds in hand-written emails, and which it skips without asking any site. */
class LinkCheckerExtractionTest {

    private static final String HTML = """
            <html><body>
            <a href="https://shop.example/sale?utm_source=herald&amp;utm_campaign=spring">Sale</a>
            <img src='https://img.example/logo.png' data-src="https://lazy.example/not-a-link.png" alt="Logo">
            <a class="x" href=https://unquoted.example/path>unquoted</a>
            <a href="mailto:help@shop.example">Write to us</a>
            <a href="tel:+441234567890">Call us</a>
            <a href="#top">Back to top</a>
            <a href="https://shop.example/sale?utm_source=herald&amp;utm_campaign=spring">Sale again</a>
            <a href="https://shop.example/p/{{product.id}}">Left-over placeholder</a>
            <a href="https://herald.example/u/abc123">Unsubscribe</a>
            <a title="a > in a title" href="  https://shop.example/spaced  ">Spaced</a>
            <!--[if mso]><v:roundrect href="https://shop.example/outlook-button"></v:roundrect><![endif]-->
            <p>Type href="https://not-in-a-tag.example" into your browser</p>
            </body></html>
            """;
    private static final String TEXT = """
            Sale: https://shop.example/sale?utm_source=herald&utm_campaign=spring
            Only in the text part: https://shop.example/text-only.
            (see https://shop.example/in-brackets) and https://en.example/wiki/Foo_(bar)
            """;

    @Test
    void finds_href_and_src_links_in_tags_once_each_in_order_of_appearance_then_those_only_in_the_text_part() {
        List<FoundLink> links = LinkChecker.extract(HTML, TEXT);

        assertThat(links).extracting(FoundLink::url).containsExactly(
                "https://shop.example/sale?utm_source=herald&utm_campaign=spring",
                "https://img.example/logo.png",
                "https://unquoted.example/path",
                "mailto:help@shop.example",
                "tel:+441234567890",
                "#top",
                "https://shop.example/p/{{product.id}}",
                "https://herald.example/u/abc123",
                "https://shop.example/spaced",
                "https://shop.example/outlook-button",
                "https://shop.example/text-only",
                "https://shop.example/in-brackets",
                "https://en.example/wiki/Foo_(bar)");
        assertThat(links.get(1)).isEqualTo(new FoundLink("https://img.example/logo.png", "src"));
        assertThat(links.get(0).where()).isEqualTo("href");
        assertThat(links.get(10).where()).isEqualTo("text");
    }

    @Test
    void data_src_and_addresses_outside_tags_are_not_links() {
        assertThat(LinkChecker.extract(HTML, null)).extracting(FoundLink::url)
                .doesNotContain("https://lazy.example/not-a-link.png", "https://not-in-a-tag.example");
    }

    @Test
    void skips_mail_phone_anchors_placeholders_and_heralds_own_links_each_with_its_reason() {
        LinkChecker checker = LinkChecker.skippingHeraldAt(() -> "https://herald.example/");

        assertThat(checker.skipReason("mailto:help@shop.example")).hasValue("a mailto: address");
        assertThat(checker.skipReason("tel:+441234567890")).hasValue("a tel: phone number");
        assertThat(checker.skipReason("#top")).hasValue("anchor within the email");
        assertThat(checker.skipReason("https://shop.example/p/{{product.id}}")).hasValueSatisfying(r ->
                assertThat(r).contains("placeholder"));
        assertThat(checker.skipReason("https://shop.example/p/%7B%7Bproduct.id%7D%7D")).hasValueSatisfying(r ->
                assertThat(r).contains("placeholder"));
        assertThat(checker.skipReason("https://herald.example/u/abc123")).hasValueSatisfying(r ->
                assertThat(r).isEqualTo("Herald's own link under https://herald.example: unsubscribe, preferences,"
                        + " tracking"));
        assertThat(checker.skipReason("HTTPS://Herald.example/c/xyz")).isPresent();
        assertThat(checker.skipReason("data:image/png;base64,iVBOR")).hasValue("a data: image embedded in the email");
        assertThat(checker.skipReason("cid:logo@shop")).hasValue("a cid: attachment of the email");
        assertThat(checker.skipReason("sms:+441234")).hasValue("not a web link: sms:");
        assertThat(checker.skipReason("")).hasValue("empty link");
    }

    @Test
    void only_links_below_an_own_prefix_are_heralds_not_those_of_a_longer_host_name() {
        LinkChecker checker = LinkChecker.skippingHeraldAt(() -> "https://herald.example")
                .alsoSkipping(Set.of("https://track.example/t/"));

        assertThat(checker.skipReason("https://herald.example")).isPresent();
        assertThat(checker.skipReason("https://herald.example/p/tok")).isPresent();
        assertThat(checker.skipReason("https://track.example/t/1")).isPresent();
        assertThat(checker.skipReason("https://herald.example.org/page")).isEmpty();
        assertThat(checker.skipReason("https://track.example/other")).isEmpty();
        assertThat(checker.skipReason("http://shop.example/")).isEmpty();
        assertThat(checker.ownPrefixes()).containsExactly("https://herald.example", "https://track.example/t/");
    }

    @Test
    void links_that_cannot_work_in_a_mail_client_are_broken_and_skipped_ones_answer_in_order_without_a_request() {
        LinkChecker checker = LinkChecker.skippingHeraldAt(() -> "https://herald.example");

        List<Result> results = checker.check(List.of("#top", "/relative/page", "https://herald.example/u/t",
                "http://", "mailto:a@shop.example", "#top"));

        assertThat(results).extracting(Result::url).containsExactly("#top", "/relative/page",
                "https://herald.example/u/t", "http://", "mailto:a@shop.example");
        assertThat(results).extracting(Result::outcome).containsExactly(Outcome.SKIPPED, Outcome.BROKEN,
                Outcome.SKIPPED, Outcome.BROKEN, Outcome.SKIPPED);
        assertThat(results.get(1).reason()).startsWith("relative link");
        assertThat(results.get(3).reason()).startsWith("not a valid URL");
        assertThat(results).allSatisfy(r -> assertThat(r.status()).isNull());
    }

    @Test
    void the_summary_names_only_the_outcomes_there_are() {
        LinkChecker.Summary summary = new LinkChecker.Summary(12, 10, 1, 0, 1);

        assertThat(summary).hasToString("12 links: 10 fine, 1 broken, 1 skipped");
        assertThat(summary.clean()).isFalse();
        assertThat(new LinkChecker.Summary(0, 0, 0, 0, 0)).hasToString("no links");
        assertThat(new LinkChecker.Summary(1, 1, 0, 0, 0)).hasToString("1 link: 1 fine");
        assertThat(new LinkChecker.Summary(3, 2, 0, 0, 1).clean()).isTrue();
    }
}
