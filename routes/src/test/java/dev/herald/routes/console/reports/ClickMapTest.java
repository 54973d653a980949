package dev.herald.routes.console.reports;

import dev.herald.engine.engagement.EngagementReport.Link;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The click map's annotation: a badge after each tracked link with its emails and share of the emails sent, 0 for
 * links nobody clicked, none for Herald's own links, URLs matched as tracking stores them, and the clicked links the
 * email does not have.
 */
class ClickMapTest {

    private static final String EMAIL = """
            <!DOCTYPE html><html><head><title>News</title></head><body>
            <p><a href="https://shop.example/new?utm_source=herald&amp;utm_campaign=news" style="color:#111">New in</a></p>
            <p><A class="button" HREF="https://shop.example/sale">Sale</A></p>
            <p><a href="https://shop.example/help">Help</a> <a href="mailto:help@shop.example">Write to us</a></p>
            <p><a href="https://links-added-at-send-time.invalid/unsubscribe">Unsubscribe</a></p>
            </body></html>""";

    @Test
    void eachClickedLinkGetsItsEmailsAndShareOfTheEmailsSent() {
        ClickMap.Result map = ClickMap.annotate(EMAIL, List.of(new Link("https://shop.example/sale", 40),
                new Link("https://shop.example/new?utm_source=herald&utm_campaign=news", 9)), 200);

        assertThat(badgeAfter(map.html(), "Sale")).isEqualTo("herald-heat-4|40 · 20.0 %");
        assertThat(badgeAfter(map.html(), "New in")).as("the href's &amp; decoded, as the click link stores it")
                .isEqualTo("herald-heat-1|9 · 4.5 %");
        assertThat(map.html()).contains("title=\"9 emails of 200 sent had a click on this link (4.5 %).\"");
    }

    @Test
    void aLinkNobodyClickedShowsZeroAndHeraldsOwnAndNonWebLinksShowNothing() {
        ClickMap.Result map = ClickMap.annotate(EMAIL, List.of(new Link("https://shop.example/sale", 3)), 200);

        assertThat(badgeAfter(map.html(), "Help")).isEqualTo("herald-heat-0|0 · 0.0 %");
        assertThat(map.html()).contains("Write to us</a></p>").contains("Unsubscribe</a></p>");
        assertThat(map.html().split("class=\"herald-clicks ", -1).length - 1).isEqualTo(3);
        assertThat(map.links()).containsExactly("https://shop.example/new?utm_source=herald&utm_campaign=news",
                "https://shop.example/sale", "https://shop.example/help");
    }

    @Test
    void theBadgeColourStepsWithTheShareOfTheMostClickedLinks() {
        assertThat(ClickMap.heat(0, 80)).isZero();
        assertThat(ClickMap.heat(1, 80)).isEqualTo(1);
        assertThat(ClickMap.heat(20, 80)).isEqualTo(1);
        assertThat(ClickMap.heat(21, 80)).isEqualTo(2);
        assertThat(ClickMap.heat(60, 80)).isEqualTo(3);
        assertThat(ClickMap.heat(80, 80)).isEqualTo(4);
    }

    @Test
    void clickedLinksNotInTheEmailAreListedMostClickedFirst() {
        ClickMap.Result map = ClickMap.annotate(EMAIL, List.of(new Link("https://shop.example/winter", 12),
                new Link("https://shop.example/sale", 5), new Link("https://shop.example/new", 2)), 100);

        assertThat(map.notInTemplate()).extracting(Link::url).as("a URL differing by its query is another link")
                .containsExactly("https://shop.example/winter", "https://shop.example/new");
    }

    @Test
    void anHrefWithCharacterReferencesMatchesItsDecodedUrlAndNoUrlIsWrittenIntoTheEmail() {
        String html = "<p><a href=\"https://shop.example/q?x=&lt;b&gt;&quot;&#x27;\">Odd</a></p>";

        ClickMap.Result map = ClickMap.annotate(html, List.of(new Link("https://shop.example/q?x=<b>\"'", 1)), 4);

        assertThat(badgeAfter(map.html(), "Odd")).isEqualTo("herald-heat-4|1 · 25.0 %");
        assertThat(map.notInTemplate()).isEmpty();
        assertThat(map.html()).doesNotContain("<b>").doesNotContain("x=<");
    }

    @Test
    void withNoEmailSentInThePeriodABadgeShowsTheCountAlone() {
        ClickMap.Result map = ClickMap.annotate(EMAIL, List.of(new Link("https://shop.example/sale", 1)), 0);

        assertThat(badgeAfter(map.html(), "Sale")).isEqualTo("herald-heat-4|1");
        assertThat(map.html()).contains("title=\"1 email of 0 sent had a click on this link.\"");
    }

    @Test
    void theBadgesStylesGoInTheEmailsHeadElseFirst() {
        assertThat(ClickMap.annotate(EMAIL, List.of(), 10).html()).contains(ClickMap.STYLE + "</head>")
                .containsOnlyOnce("<style>");
        assertThat(ClickMap.annotate("<p><a href=\"https://shop.example/\">Shop</a></p>", List.of(), 10).html())
                .startsWith(ClickMap.STYLE + "<p>");
    }

    @Test
    void aLinkTheEmailHasTwiceGetsTheSameBadgeTwiceAndSaysSo() {
        String html = "<a href=\"https://shop.example/a\">Top</a> ... <a href=\"https://shop.example/a\">Bottom</a>";

        ClickMap.Result map = ClickMap.annotate(html, List.of(new Link("https://shop.example/a", 7)), 70);

        assertThat(badgeAfter(map.html(), "Top")).isEqualTo("herald-heat-4|7 · 10.0 %");
        assertThat(badgeAfter(map.html(), "Bottom")).isEqualTo("herald-heat-4|7 · 10.0 %");
        assertThat(map.html()).contains("The email has this link 2 times; a click on any of them counts.");
        assertThat(map.links()).containsExactly("https://shop.example/a");
    }

    /** The heat class and text of the badge right after the link whose text is {@code text}. */
    private static String badgeAfter(String html, String text) {
        Matcher m = Pattern.compile(Pattern.quote(text) + "</a>\\s*<span class=\"herald-clicks (herald-heat-\\d)\""
                + " title=\"[^\"]*\">([^<]*)</span>", Pattern.CASE_INSENSITIVE).matcher(html);
        assertThat(m.find()).as("a badge after the link " + text).isTrue();
        return m.group(1) + "|" + m.group(2);
    }
}
