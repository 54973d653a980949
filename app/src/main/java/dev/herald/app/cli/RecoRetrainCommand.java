package dev.herald.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code herald reco retrain}: asks a running Herald to retrain its recommendation model now. The model lives in
 * that process, so this is an HTTP call to {@code POST /v1/reco/retrain}, not a second training here.
 */
@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = {"Ask a running Herald (herald run, or the EAR) to retrain its recommendation model from its"
                + " database now and swap it in; recommendations keep being served meanwhile.",
                "Prints what the new model was trained on (generation, customers, products, purchases, trainMillis).",
                "Herald also retrains on its own every herald.reco.retrain-interval (default 1h)."})
public class RecoRetrainCommand implements Callable<Integer> {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "Base URL of the running Herald (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:HERALD_API_KEY}",
            showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "The running Herald's herald.api.key (default: the HERALD_API_KEY environment variable).")
    String apiKey;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "How long to wait for the retrain (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        URI endpoint;
        try {
            endpoint = URI.create(url.replaceAll("/+$", "") + "/v1/reco/retrain");
        } catch (IllegalArgumentException e) {
            System.err.println("herald reco retrain: --url is not a URL: " + url);
            return 2;
        }
        if (apiKey == null || apiKey.isBlank()) {
            System.err.println("herald reco retrain: give the running Herald's API key with --api-key KEY or"
                    + " HERALD_API_KEY (its herald.api.key setting)");
            return 2;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(timeoutSeconds))
                .header("Authorization", "Bearer " + apiKey.strip())
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            System.err.println("herald reco retrain: no Herald answers at " + url + " (is 'herald run' up, with HTTP on?)");
            return 1;
        }
        if (response.statusCode() == 401) {
            System.err.println("herald reco retrain: " + url + " refused the API key (check --api-key or HERALD_API_KEY"
                    + " against its herald.api.key)");
            return 1;
        }
        if (response.statusCode() != 200) {
            System.err.println("herald reco retrain: " + endpoint + " answered " + response.statusCode() + ": "
                    + response.body());
            return 1;
        }
        System.out.println(response.body());
        return 0;
    }
}
