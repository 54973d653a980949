package dev.herald.engine.consent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.engine.delivery.OutboundEmail;
import dev.herald.engine.privacy.PrivacyService;
import dev.herald.engine.testsupport.HeraldDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Export and erasure of one customer's data, checked by searching every text column of every table of the
 * schema for their email address, name and id: a table added later that holds customer data fails this test
 * until {@link PrivacyService} handles it. Runs on H2 and PostgreSQL (subclasses).
 */
abstract class PrivacyIT {

    static final String EMAIL = "ann.smith@example.com";
    static final String NAME = "Annabel Smith";
    static final String ID = "cust-ann-7734";

    HeraldDatabase db;
    ConsentPipeline herald;

    protected abstract DataSource freshDataSource();

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(freshDataSource());
        herald = new ConsentPipeline(db);
        // Ann: signup, an order, emails sent and clicked, consent, an unsubscribe; Bob stays untouched
        herald.signup(ID, EMAIL, NAME);
        herald.signup("cust-bob", "bob@example.com", "Bob Jones");
        herald.order(ID, EMAIL, NAME, "ord-1");
        db.transactions().inTransaction(em -> em.createNativeQuery("insert into customer_attribute (customer_id, name,"
                + " text_value) values (?1, 'city', 'Annabel''s town')").setParameter(1, ID).executeUpdate());
        herald.consents.grant(ID, "email", "signup form", "web");
        new TopicPreferences(db.transactions(), herald.clock).choose(ID, Map.of("offers", false), "preference page");
        List<OutboundEmail> sent = herald.dispatcher.claimDue(10);
        sent.forEach(e -> herald.dispatcher.markSent(e.outboxId()));
        OutboundEmail welcome = sent.stream().filter(e -> e.customerId().equals(ID) && e.campaign().equals("welcome"))
                .findFirst().orElseThrow();
        herald.engagement.recordOpen(herald.tokens.open(welcome.outboxId()));
        herald.engagement.recordClick(herald.tokens.click(welcome.outboxId(), "https://shop.example/new"));
        herald.engagement.unsubscribe(herald.tokens.unsubscribe(welcome.outboxId()), "one-click");
        herald.bounces.record(EMAIL, "4.2.2", "mailbox full", "webhook");
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void exportHoldsEverythingHeraldKnowsAboutTheCustomer() throws Exception {
        Map<String, Object> export = new PrivacyService(db.transactions(), herald.clock).export(ID);

        String json = new ObjectMapper().writeValueAsString(export);
        assertThat(export).containsKeys("profile", "attributes", "orders", "consent", "suppression", "bounces",
                "emails", "engagement", "segments", "processedEvents", "auditLog", "topicOptOuts");
        assertThat(json).contains(EMAIL).contains(NAME).contains("Annabel's town").contains("ord-1")
                .contains("UNSUBSCRIBED").contains("WITHDRAWN").contains("https://shop.example/new")
                .contains("\"kind\":\"SOFT\"").doesNotContain("bob@example.com");
        assertThat((List<?>) export.get("topicOptOuts")).singleElement().asString().contains("offers");
        assertThat((List<?>) export.get("emails")).hasSize(3);
        assertThat((List<?>) export.get("engagement")).hasSize(3);
    }

    @Test
    void eraseLeavesNoPersonalDataInAnyTableButKeepsAggregatesAndTheSuppression() throws Exception {
        assertThat(tablesContaining(EMAIL)).as("before erasure").isNotEmpty();
        long orders = db.count("customer_order");
        long outbox = db.count("outbox_message");

        PrivacyService.Erasure erasure = new PrivacyService(db.transactions(), herald.clock).erase(ID, "dpo");

        for (String needle : List.of(EMAIL, NAME, ID, "Annabel")) {
            assertThat(tablesContaining(needle)).as("tables still holding '%s'", needle).isEmpty();
        }
        assertThat(db.count("customer_order")).isEqualTo(orders);
        assertThat(db.count("outbox_message")).isEqualTo(outbox);
        assertThat(db.row("select order_count, lifetime_spend from customer where id = ?", erasure.pseudonym())
                .get("order_count")).isEqualTo(1L);
        assertThat(herald.suppressions.find(EMAIL)).as("still suppressed, by hash").get()
                .extracting(Suppression::address).isNull();
        assertThat(tablesContaining("bob@example.com")).as("others untouched").isNotEmpty();
        assertThat(new PrivacyService(db.transactions(), herald.clock).erasedAs(ID)).contains(erasure.pseudonym());
        assertThatThrownBy(() -> new PrivacyService(db.transactions(), herald.clock).export(ID))
                .isInstanceOf(PrivacyService.UnknownCustomerException.class);

        herald.signup(ID, EMAIL, NAME);
        assertThat(herald.dispatcher.claimDue(10)).as("a returning address that unsubscribed stays suppressed").isEmpty();
    }

    /** Every table with a character column containing {@code needle} (case-insensitive). */
    List<String> tablesContaining(String needle) throws SQLException {
        List<String> hits = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            String schema = meta.getDatabaseProductName().equals("H2") ? "PUBLIC" : "public";
            List<String[]> columns = new ArrayList<>();
            try (ResultSet rs = meta.getColumns(null, schema, "%", "%")) {
                while (rs.next()) {
                    String type = rs.getString("TYPE_NAME").toUpperCase(Locale.ROOT);
                    if (type.contains("CHAR") || type.contains("TEXT") || type.contains("CLOB")) {
                        columns.add(new String[]{rs.getString("TABLE_NAME"), rs.getString("COLUMN_NAME")});
                    }
                }
            }
            assertThat(columns).as("character columns found").hasSizeGreaterThan(20);
            for (String[] col : columns) {
                String sql = "select count(*) from \"" + col[0] + "\" where lower(cast(\"" + col[1] + "\""
                        + " as varchar(100000))) like '%" + needle.toLowerCase(Locale.ROOT).replace("'", "''") + "%'";
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        hits.add(col[0] + "." + col[1]);
                    }
                }
            }
        }
        return hits;
    }
}
