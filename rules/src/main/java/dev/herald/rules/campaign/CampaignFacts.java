package dev.herald.rules.campaign;

import dev.herald.engine.decision.RecommendationScore;
import dev.herald.engine.decision.SegmentMembership;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Everything one event's campaign rules may test, flattened into ONE fact with a typed property per vocabulary
 * word. Every generated condition is then an alpha constraint on this fact: Drools hashes the event type, shares
 * and range-indexes equal conditions across campaigns, and an evaluation is one insert, one fire, one delete,
 * whatever the number of campaigns. Unknown numbers are {@code NaN} (every comparison false except {@code !=}),
 * unknown texts {@code null}.
 */
public final class CampaignFacts {

    private final String type;
    private final Map<String, Object> values = new HashMap<>();
    private final double total;
    private final String currency;
    private final double itemCount;
    private final double cartTotal;
    private final String productId;
    private final String category;
    private final String source;
    private final String scheme;
    private final String fromSegment;
    private final String toSegment;
    private final String campaign;
    private final String pageName;
    private final double price;
    private final double quantity;
    private final double orderCount;
    private final double lifetimeSpend;
    private final String country;
    private final double daysSinceLastOrder;
    private final double daysSinceSignup;
    private final double aliveProbability;
    private final double expectedOrders90d;
    private final double purchaseProbability90d;
    private final double expectedSpend90d;
    private final double engagementScore;
    private final String city;
    private final String language;
    private final boolean hasRfm;
    private final int recency;
    private final int frequency;
    private final int monetary;
    private final Set<String> segments = new HashSet<>();
    private final Map<String, Double> bestScoreByCategory = new HashMap<>();
    private final double bestScore;

    CampaignFacts(Situation situation) {
        type = situation.event().type();
        // event words win over a stored customer attribute of the same name (imports may bring any column)
        values.putAll(situation.customerAttributes());
        values.putAll(situation.event().attributes());
        total = number("total");
        currency = text("currency");
        itemCount = number("item_count");
        cartTotal = number("cart_total");
        productId = text("product_id");
        category = text("category");
        source = text("source");
        scheme = text("scheme");
        fromSegment = text(Vocabulary.FROM_SEGMENT);
        toSegment = text(Vocabulary.TO_SEGMENT);
        campaign = text("campaign");
        pageName = text("page_name");
        price = number("price");
        quantity = number("quantity");
        orderCount = number(Vocabulary.ORDER_COUNT);
        lifetimeSpend = number(Vocabulary.LIFETIME_SPEND);
        country = text(Vocabulary.COUNTRY);
        daysSinceLastOrder = number("days_since_last_order");
        daysSinceSignup = number("days_since_signup");
        aliveProbability = number("alive_probability");
        expectedOrders90d = number("expected_orders_90d");
        purchaseProbability90d = number("purchase_probability_90d");
        expectedSpend90d = number("expected_spend_90d");
        engagementScore = number("engagement_score");
        city = text("city");
        language = text("language");
        hasRfm = situation.rfm() != null;
        recency = hasRfm ? situation.rfm().recency() : 0;
        frequency = hasRfm ? situation.rfm().frequency() : 0;
        monetary = hasRfm ? situation.rfm().monetary() : 0;
        for (SegmentMembership segment : situation.segments()) {
            segments.add(segment.segment());
        }
        double best = -1;
        for (RecommendationScore score : situation.recommendations()) {
            bestScoreByCategory.merge(score.category(), score.score(), Math::max);
            best = Math.max(best, score.score());
        }
        bestScore = best;
    }

    /** The DRL property holding a vocabulary attribute ({@code item_count} → {@code itemCount}). */
    static String property(String attribute) {
        StringBuilder property = new StringBuilder();
        boolean upper = false;
        for (char c : attribute.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                property.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return property.toString();
    }

    private double number(String name) {
        Object value = values.get(name);
        return value instanceof Number number ? number.doubleValue() : Double.NaN;
    }

    private String text(String name) {
        Object value = values.get(name);
        return value == null || value instanceof Number ? null : value.toString();
    }

    /** The best recommendation score in a category, or -1 when there is none. */
    public double bestScore(String inCategory) {
        return bestScoreByCategory.getOrDefault(inCategory, -1.0);
    }

    public String getType() { return type; }
    public double getTotal() { return total; }
    public String getCurrency() { return currency; }
    public double getItemCount() { return itemCount; }
    public double getCartTotal() { return cartTotal; }
    public String getProductId() { return productId; }
    public String getCategory() { return category; }
    public String getSource() { return source; }
    public String getScheme() { return scheme; }
    public String getFromSegment() { return fromSegment; }
    public String getToSegment() { return toSegment; }
    public String getCampaign() { return campaign; }
    public String getPageName() { return pageName; }
    public double getPrice() { return price; }
    public double getQuantity() { return quantity; }
    public double getOrderCount() { return orderCount; }
    public double getLifetimeSpend() { return lifetimeSpend; }
    public String getCountry() { return country; }
    public double getDaysSinceLastOrder() { return daysSinceLastOrder; }
    public double getDaysSinceSignup() { return daysSinceSignup; }
    public double getAliveProbability() { return aliveProbability; }
    public double getExpectedOrders90d() { return expectedOrders90d; }
    public double getPurchaseProbability90d() { return purchaseProbability90d; }
    public double getExpectedSpend90d() { return expectedSpend90d; }
    public double getEngagementScore() { return engagementScore; }
    public String getCity() { return city; }
    public String getLanguage() { return language; }
    public boolean isHasRfm() { return hasRfm; }
    public int getRecency() { return recency; }
    public int getFrequency() { return frequency; }
    public int getMonetary() { return monetary; }
    public Set<String> getSegments() { return segments; }
    public double getBestScore() { return bestScore; }
}
