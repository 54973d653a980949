package dev.herald.app.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.routes.AdminApiKey;
import dev.herald.rules.RuleError;
import dev.herald.rules.campaign.CampaignPublisher;
import dev.herald.rules.campaign.RuleBaseHolder;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HTTP API of the campaign rules. {@code GET /v1/rules}: the rule base in use and how the last reload went.
 * {@code POST /v1/rules} with {@code {"files": {"welcome.yaml": "...", ...}}}: replaces the campaigns through the
 * same {@link CampaignPublisher} as the console, so the files become the campaigns folder and survive a restart;
 * the new rule base is compiled in the background and swapped in atomically; 200 with its version, or 422 with
 * every error (file, line, message) while the old rules keep running and the folder keeps its files. Both need the admin key ({@link AdminApiKey}): an
 * upload decides what Herald sends to every customer.
 */
public final class RulesHttpRoutes extends RouteBuilder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_UPLOAD_BYTES = 4 * 1024 * 1024;

    private final CampaignPublisher publisher;
    private final RuleBaseHolder holder;
    private final AdminApiKey adminKey;

    public RulesHttpRoutes(CampaignPublisher publisher, AdminApiKey adminKey) {
        this.publisher = publisher;
        this.holder = publisher.holder();
        this.adminKey = adminKey;
    }

    @Override
    public void configure() {
        from("platform-http:/v1/rules?httpMethodRestrict=GET,POST").routeId("http-rules")
                .filter(exchange -> adminKey.admits(exchange.getMessage())).id("http-rules-key")
                .process(this::handle).id("http-rules-handle");
    }

    private void handle(Exchange exchange) throws Exception {
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        ObjectNode response = JSON.createObjectNode();
        int status = 200;
        if ("POST".equals(method)) {
            byte[] body = exchange.getMessage().getBody(byte[].class);
            Map<String, String> files = new LinkedHashMap<>();
            String problem = body == null || body.length == 0 ? "empty body"
                    : body.length > MAX_UPLOAD_BYTES ? "upload larger than 4 MiB" : null;
            if (problem == null) {
                try {
                    JsonNode filesNode = JSON.readTree(body).path("files");
                    Iterator<Map.Entry<String, JsonNode>> fields = filesNode.fields();
                    while (fields.hasNext()) {
                        Map.Entry<String, JsonNode> field = fields.next();
                        if (!field.getValue().isTextual() || field.getKey().contains("/") || field.getKey().contains("\\")) {
                            problem = "every file must be a plain name with text content";
                        }
                        files.put(field.getKey(), field.getValue().asText());
                    }
                    if (files.isEmpty() && problem == null) {
                        problem = "expected {\"files\": {\"NAME.yaml\": \"...\"}}";
                    }
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    problem = "not JSON: " + e.getOriginalMessage();
                }
            }
            if (problem != null) {
                status = 400;
                response.put("error", problem);
            } else {
                try {
                    status = publisher.replaceAll(files).live() ? 200 : 422;
                } catch (IllegalArgumentException e) {
                    status = 400; // a file name that is not a plain campaign or settings file name
                    response.put("error", e.getMessage());
                }
            }
        }
        if (status != 400) {
            describe(response);
        }
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(JSON.writeValueAsString(response));
    }

    private void describe(ObjectNode response) {
        response.put("version", holder.current().version());
        ArrayNode campaigns = response.putArray("campaigns");
        holder.current().campaigns().keySet().forEach(campaigns::add);
        RuleBaseHolder.ReloadResult last = holder.lastReload();
        ObjectNode reload = response.putObject("lastReload");
        reload.put("swapped", last.swapped());
        reload.put("at", last.at().toString());
        ArrayNode errors = reload.putArray("errors");
        for (RuleError error : last.errors()) {
            ObjectNode node = errors.addObject();
            node.put("file", error.file());
            node.put("line", error.line());
            node.put("message", error.message());
        }
    }
}
