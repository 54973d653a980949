package dev.herald.templates;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlToTextTest {

    @Test
    void linksKeepTheirTargetAfterTheText() {
        assertThat(HtmlToText.convert("<p>See <a href='https://x.example/a?b=1&amp;c=2'>the offer</a> now</p>"))
                .isEqualTo("See the offer (https://x.example/a?b=1&c=2) now\n");
    }

    @Test
    void linkWhoseTextIsItsTargetIsNotRepeated() {
        assertThat(HtmlToText.convert("<a href=\"https://x.example\">https://x.example</a>"))
                .isEqualTo("https://x.example\n");
        assertThat(HtmlToText.convert("<a href=\"https://x.example\"></a>")).isEqualTo("https://x.example\n");
    }

    @Test
    void malformedMarkupDoesNotBreakConversion() {
        assertThat(HtmlToText.convert("x <a href=\"https://x.example\"> <p></a> 1 < 2 <b>bold</i> </a>"))
                .isEqualTo("x\n\nhttps://x.example 1 < 2 bold\n");
    }

    @Test
    void escapedMarkupBecomesLiteralTextNotTags() {
        assertThat(HtmlToText.convert("<p>Hi &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Bob&quot; &#39;x&#39; &#61;</p>"))
                .isEqualTo("Hi <script>alert(1)</script> & \"Bob\" 'x' =\n");
    }

    @Test
    void headStyleScriptAndCommentsAreDropped() {
        assertThat(HtmlToText.convert("<html><head><title>T</title><style>p{color:red}</style></head>"
                + "<body><!-- hidden --><script>var x = 1;</script><p>Body</p></body></html>"))
                .isEqualTo("Body\n");
    }

    @Test
    void sourceWhitespaceCollapsesAndBlocksBreakLines() {
        assertThat(HtmlToText.convert("<h1>  Big\n   title </h1>\n\n<p>one<br/>two</p><p>three</p><div>four</div>"))
                .isEqualTo("Big title\n\none\ntwo\n\nthree\n\nfour\n");
    }

    @Test
    void tableCellsAreSeparated() {
        assertThat(HtmlToText.convert("<table><tr><th>Item</th><th>Qty</th></tr><tr><td>Mug</td><td>2</td></tr>"
                + "<tr><td colspan=\"1\"></td><td>£4.00</td></tr></table>"))
                .isEqualTo("Item | Qty\nMug | 2\n£4.00\n");
    }

    @Test
    void unknownEntitiesStayAndBadCodePointsAreReplaced() {
        assertThat(HtmlToText.decode("&bogus; &#0; &#x110000; &eacute;&euro;")).isEqualTo("&bogus; \uFFFD \uFFFD é€");
    }

    @Test
    void handWrittenTextIsTidied() {
        assertThat(HtmlToText.tidyPlainText("\n\n  Hi,   \r\n\n\n\nBye  \n\n")).isEqualTo("  Hi,\n\nBye\n");
    }

    @Test
    void preheaderAndElementsMarkedNoTextAreDropped() {
        assertThat(HtmlToText.convert("<body><div data-preheader style=\"display:none\">Inbox preview</div>"
                + "<p>Hi</p><table><tr><td data-no-text width=\"96\"><a href=\"https://s.example/p/1\">"
                + "<img src=\"https://i.example/1.jpg\" alt=\"Mug\"></a></td>"
                + "<td><a href=\"https://s.example/p/1\">Mug</a><br>£4.00</td></tr></table></body>"))
                .isEqualTo("Hi\n\nMug (https://s.example/p/1)\n£4.00\n");
    }
}
