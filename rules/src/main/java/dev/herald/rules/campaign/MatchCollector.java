package dev.herald.rules.campaign;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where generated rules report a match (a DRL global): campaign id and the expected value of its best matching
 * recommendation. One per session, so never shared between threads.
 */
public final class MatchCollector {

    private final Map<String, Double> expectedValueByCampaign = new LinkedHashMap<>();

    /** Called from rule consequences; a campaign matched through several recommendations keeps the best one. */
    public void match(String campaignId, double expectedValue) {
        expectedValueByCampaign.merge(campaignId, expectedValue, Math::max);
    }

    Map<String, Double> drain() {
        Map<String, Double> matches = new LinkedHashMap<>(expectedValueByCampaign);
        expectedValueByCampaign.clear();
        return matches;
    }

    void clear() {
        expectedValueByCampaign.clear();
    }
}
