package dev.herald.routes.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * The JSON reader for everything that arrives over HTTP: duplicate keys, trailing garbage, invalid UTF-8 and
 * nesting deeper than {@value #MAX_DEPTH} levels are refused with a 400, so a hostile body cannot make the parser
 * recurse or two readers disagree about which duplicate wins.
 */
public final class StrictJson {

    /** Deepest nesting accepted; Segment payloads need a handful of levels. */
    public static final int MAX_DEPTH = 32;

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxNumberLength(64)
                .maxStringLength(1024 * 1024)
                .build());
    }

    private StrictJson() {
    }

    /** Reads a whole body as one JSON object. */
    public static JsonNode readObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw IngestRejection.badRequest("empty body: a JSON object is required");
        }
        requireUtf8(body);
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (StreamConstraintsException e) {
            throw IngestRejection.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw IngestRejection.badRequest("malformed JSON: " + Safe.text(e.getOriginalMessage(), 200) + at);
        } catch (IOException e) {
            throw IngestRejection.badRequest("unreadable body: " + Safe.text(e.getMessage(), 200));
        }
        if (node == null || node.isMissingNode()) {
            throw IngestRejection.badRequest("empty body: a JSON object is required");
        }
        return node;
    }

    /**
     * Refuses bytes that are not well-formed UTF-8 — including encoded surrogates, which the JSON parser would let
     * through as broken characters.
     */
    static void requireUtf8(byte[] body) {
        try {
            java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw IngestRejection.badRequest("body is not valid UTF-8");
        }
    }

    static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
