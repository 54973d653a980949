package dev.herald.templates;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.herald.templates.LinkChecker.Outcome;
import dev.herald.templates.LinkChecker.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LinkChecker} against WireMock standing in for the websites an email links to: fine, redirected, missing,
 * refusing HEAD, too slow, and a port where nothing listens.
 */
class LinkCheckerHttpTest {

    WireMockServer site;
    String base;

    @BeforeEach
    void start() {
        site = new WireMockServer(wireMockConfig().dynamicPort());
        site.start();
        base = "http://127.0.0.1:" + site.port();
        site.stubFor(any(urlEqualTo("/fine")).willReturn(aResponse().withStatus(200)));
        site.stubFor(any(urlEqualTo("/old")).willReturn(aResponse().withStatus(301).withHeader("Location", "/new")));
        site.stubFor(any(urlEqualTo("/new")).willReturn(aResponse().withStatus(200)));
        site.stubFor(any(urlEqualTo("/gone")).willReturn(aResponse().withStatus(404)));
        site.stubFor(head(urlEqualTo("/no-head")).willReturn(aResponse().withStatus(405)));
        site.stubFor(get(urlEqualTo("/no-head")).willReturn(aResponse().withStatus(200)
                .withBody("<html>" + "x".repeat(20_000) + "</html>")));
        site.stubFor(any(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(2_000)));
        site.stubFor(any(urlEqualTo("/loop")).willReturn(aResponse().withStatus(302).withHeader("Location", "/loop")));
    }

    @AfterEach
    void stop() {
        site.stop();
    }

    private LinkChecker checker() {
        return LinkChecker.skipping(Set.of()).withTimeout(Duration.ofSeconds(1));
    }

    @Test
    void each_link_gets_its_result_in_order_of_appearance() throws Exception {
        String closed = "http://127.0.0.1:" + closedPort() + "/anything";
        List<String> urls = List.of(base + "/slow", base + "/fine", base + "/old", closed, base + "/gone",
                base + "/no-head", "mailto:help@shop.example");

        List<Result> results = checker().check(urls);

        assertThat(results).extracting(Result::url).containsExactlyElementsOf(urls);
        assertThat(results).extracting(Result::outcome).containsExactly(Outcome.UNREACHABLE, Outcome.OK, Outcome.OK,
                Outcome.UNREACHABLE, Outcome.BROKEN, Outcome.OK, Outcome.SKIPPED);
    }

    @Test
    void a_fine_link_is_ok_with_its_status_and_no_final_url() throws Exception {
        Result fine = checker().checkOne(base + "/fine");

        assertThat(fine).isEqualTo(new Result(base + "/fine", Outcome.OK, 200, null, null));
        site.verify(headRequestedFor(urlEqualTo("/fine")).withHeader("User-Agent", equalTo("Herald-LinkCheck/1.0")));
        site.verify(0, getRequestedFor(urlEqualTo("/fine")));
    }

    @Test
    void a_redirect_is_followed_and_the_final_url_reported() throws Exception {
        Result moved = checker().checkOne(base + "/old");

        assertThat(moved.outcome()).isEqualTo(Outcome.OK);
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.finalUrl()).isEqualTo(base + "/new");
    }

    @Test
    void a_missing_page_is_broken_with_its_status() throws Exception {
        Result gone = checker().checkOne(base + "/gone");

        assertThat(gone).isEqualTo(new Result(base + "/gone", Outcome.BROKEN, 404, null, "Not Found"));
        assertThat(gone.describe()).isEqualTo("BROKEN 404 " + base + "/gone (Not Found)");
    }

    @Test
    void a_site_refusing_head_is_asked_with_get_and_is_ok() throws Exception {
        Result noHead = checker().checkOne(base + "/no-head");

        assertThat(noHead).isEqualTo(new Result(base + "/no-head", Outcome.OK, 200, null, null));
        site.verify(headRequestedFor(urlEqualTo("/no-head")));
        site.verify(getRequestedFor(urlEqualTo("/no-head")).withHeader("User-Agent", equalTo("Herald-LinkCheck/1.0")));
    }

    @Test
    void a_site_slower_than_the_timeout_is_unreachable_with_the_timeout_as_reason() throws Exception {
        long start = System.nanoTime();
        Result slow = checker().checkOne(base + "/slow");

        assertThat(slow.outcome()).isEqualTo(Outcome.UNREACHABLE);
        assertThat(slow.status()).isNull();
        assertThat(slow.reason()).isEqualTo("no answer within 1s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_500));
    }

    @Test
    void a_port_where_nothing_listens_is_unreachable_connection_refused() throws Exception {
        String url = "http://127.0.0.1:" + closedPort() + "/page";

        Result refused = checker().checkOne(url);

        assertThat(refused).isEqualTo(new Result(url, Outcome.UNREACHABLE, null, null, "connection refused"));
    }

    @Test
    void a_redirect_loop_is_broken_after_ten_redirects() throws Exception {
        Result loop = checker().checkOne(base + "/loop");

        assertThat(loop.outcome()).isEqualTo(Outcome.BROKEN);
        assertThat(loop.status()).isEqualTo(302);
        assertThat(loop.reason()).isEqualTo("more than 10 redirects");
    }

    @Test
    void links_not_answered_by_the_overall_deadline_are_unreachable_and_the_others_keep_their_results() {
        LinkChecker checker = LinkChecker.skipping(Set.of()).withTimeout(Duration.ofSeconds(5))
                .withDeadline(Duration.ofSeconds(1));

        long start = System.nanoTime();
        List<Result> results = checker.check(List.of(base + "/fine", base + "/slow", base + "/gone"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_500));
        assertThat(results).extracting(Result::outcome).containsExactly(Outcome.OK, Outcome.UNREACHABLE,
                Outcome.BROKEN);
        assertThat(results.get(1).reason()).isEqualTo("no answer within the check's deadline of 1s");
    }

    @Test
    void many_links_are_checked_at_once_on_the_pool() {
        List<String> urls = java.util.stream.IntStream.range(0, 16).mapToObj(i -> base + "/a-second?n=" + i).toList();
        urls.forEach(u -> site.stubFor(any(urlEqualTo(u.substring(base.length()))).willReturn(aResponse()
                .withStatus(200).withFixedDelay(500))));

        long start = System.nanoTime();
        List<Result> results = checker().check(urls);

        assertThat(results).extracting(Result::outcome).containsOnly(Outcome.OK);
        // 16 links of half a second each on 8 threads: about a second, not eight
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3_000));
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
