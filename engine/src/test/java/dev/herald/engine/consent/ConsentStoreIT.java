package dev.herald.engine.consent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.engine.application.StoredCustomerFacts;
import dev.herald.engine.decision.ConsentFact;
import dev.herald.engine.event.EventType;
import dev.herald.engine.imports.CustomerAttributeImporter;
import dev.herald.engine.privacy.PrivacyService;
import dev.herald.engine.testsupport.HeraldDatabase;
import dev.herald.engine.testsupport.MutableClock;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.herald.engine.testsupport.HeraldDatabase.instant;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * consent_record as the one consent store (ADR 0034): V15 moves the consent_* attributes of an older database
 * into records, a customer import writes records, and privacy export and erasure see them. Runs on H2 and
 * PostgreSQL (subclasses).
 */
abstract class ConsentStoreIT {

    static final Instant T1 = Instant.parse("2026-11-01T10:00:00Z");
    static final Instant T2 = Instant.parse("2026-11-10T10:00:00Z");
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @TempDir
    Path dir;
    HeraldDatabase db;
    final MutableClock clock = new MutableClock(NOW);

    protected abstract DataSource freshDataSource(Path dir);

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void v15MovesConsentAttributesIntoRecordsKeepingTheLatestStatementAndDropsThem() throws SQLException {
        DataSource ds = freshDataSource(dir);
        // the schema as it was before V15, holding consent both ways
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("14").load().migrate();
        try (Connection c = ds.getConnection()) {
            for (String id : List.of("c1", "c2", "c3", "c4", "c5")) {
                exec(c, "insert into customer (id, email, name, created_at, updated_at, order_count, lifetime_spend,"
                        + " version) values (?, ?, 'N', ?, ?, 0, 0, 0)", id, id + "@example.com", at(T1), at(T1));
            }
            // c1: imported (no source, no time); c2: an identify after a granted record; c3: an identify before an
            // unsubscribe; c4: a number, a blank and another channel; c5: an upper-case column name
            attribute(c, "c1", "consent_email", "yes", null, null, null);
            attribute(c, "c1", "city", "Leeds", null, null, null);
            attribute(c, "c2", "consent_email", "false", null, "checkout", T2);
            record(c, "c2", "email", "GRANTED", "cli", T1);
            attribute(c, "c3", "consent_email", "true", null, "signup-form", T1);
            record(c, "c3", "email", "WITHDRAWN", "one-click", T2);
            attribute(c, "c4", "consent_sms", null, "1", null, null);
            attribute(c, "c4", "consent_email", "", null, null, null);
            attribute(c, "c5", "Consent_Email", "no", null, null, null);
        }

        db = HeraldDatabase.open(ds); // migrates the rest: V15 and later

        Map<String, String> records = db.rows("select customer_id, channel, status, source from consent_record")
                .stream().collect(Collectors.toMap(r -> r.get("customer_id") + "/" + r.get("channel"),
                        r -> r.get("status") + " " + r.get("source")));
        assertThat(records).containsExactlyInAnyOrderEntriesOf(Map.of(
                "c1/email", "GRANTED import",
                "c2/email", "WITHDRAWN checkout",
                "c3/email", "WITHDRAWN one-click",
                "c4/sms", "GRANTED import",
                "c5/email", "WITHDRAWN import"));
        assertThat(instant(db.row("select updated_at from consent_record where customer_id = 'c2'").get("updated_at")))
                .as("the statement's own time").isEqualTo(T2);
        assertThat(db.row("select confirmed_at from consent_record where customer_id = 'c2'").get("confirmed_at"))
                .isNull();
        assertThat(db.rows("select customer_id, name from customer_attribute")).as("consent attributes dropped")
                .extracting(r -> r.get("customer_id") + "." + r.get("name")).containsExactly("c1.city");
        // and the decision reads the records
        assertThat(consentsDecisionsSee("c2")).containsExactly(new ConsentFact("c2", "email", false));
        assertThat(consentsDecisionsSee("c1")).containsExactly(new ConsentFact("c1", "email", true));
    }

    @Test
    void anImportWritesConsentRecordsAndNeverOverridesACustomersOwnWithAGrant() throws Exception {
        db = HeraldDatabase.open(freshDataSource(dir));
        Path first = Files.writeString(dir.resolve("crm.csv"),
                "id,country,consent_email\nC1,United Kingdom,yes\nC2,France,yes\nC3,Germany,\n");
        CustomerAttributeImporter importer = new CustomerAttributeImporter(db.transactions(), clock);

        CustomerAttributeImporter.Result result = importer.importFile(first, "id", "");
        assertThat(result.consentsChanged()).isEqualTo(2);
        assertThat(db.rows("select customer_id, status, source from consent_record order by customer_id"))
                .extracting(r -> r.get("customer_id") + " " + r.get("status") + " " + r.get("source"))
                .as("C3's blank cell states nothing").containsExactly("C1 GRANTED import:crm.csv", "C2 GRANTED import:crm.csv");
        assertThat(db.rows("select name from customer_attribute where name like 'consent%'")).isEmpty();
        assertThat(db.row("select count(*) as n from audit_log where entity_kind = 'consent' and action = 'set'"
                + " and actor = 'import'").get("n")).isEqualTo(2L);

        // C1 unsubscribes by her own hand; C2 still receives marketing
        clock.advance(java.time.Duration.ofDays(1));
        new ConsentService(db.transactions(), clock).withdraw("C1", "email", "preference centre", "customer");
        clock.advance(java.time.Duration.ofDays(1));
        Path second = Files.writeString(dir.resolve("crm-2.csv"),
                "id,country,consent_email\nC1,United Kingdom,yes\nC2,France,no\nC3,Germany,true\n");
        result = importer.importFile(second, "id", "");

        assertThat(result.consentsChanged()).isEqualTo(2);
        assertThat(db.rows("select customer_id, status, source from consent_record order by customer_id"))
                .extracting(r -> r.get("customer_id") + " " + r.get("status") + " " + r.get("source"))
                .containsExactly("C1 WITHDRAWN preference centre", "C2 WITHDRAWN import:crm-2.csv",
                        "C3 GRANTED import:crm-2.csv");
    }

    @Test
    void privacyExportShowsTheRecordAStatementMadeAndErasureRemovesIt() throws Exception {
        db = HeraldDatabase.open(freshDataSource(dir));
        Path file = Files.writeString(dir.resolve("crm.csv"), "id,consent_email\nC1,granted\n");
        new CustomerAttributeImporter(db.transactions(), clock).importFile(file, "id", "");
        PrivacyService privacy = new PrivacyService(db.transactions(), clock);

        String export = new ObjectMapper().writeValueAsString(privacy.export("C1").get("consent"));
        privacy.erase("C1", "dpo");

        assertThat(export).contains("\"channel\":\"email\"").contains("GRANTED").contains("import:crm.csv");
        assertThat(db.count("consent_record")).isZero();
    }

    @Test
    void aRepeatedStatementKeepsTheSourceAndTheOptInProofAndALateOlderOneChangesNothing() {
        db = HeraldDatabase.open(freshDataSource(dir));
        db.transactions().inTransaction(em -> em.createNativeQuery("insert into customer (id, email, name,"
                + " created_at, updated_at, order_count, lifetime_spend, version) values ('C1', 'c1@example.com', 'N',"
                + " ?1, ?1, 0, 0, 0)").setParameter(1, at(T1)).executeUpdate());
        ConsentService consents = new ConsentService(db.transactions(), clock);
        consents.requestDoubleOptIn("C1", "signup form", "web");
        consents.confirm("C1", "email", "double-opt-in link");
        Instant later = NOW.plusSeconds(3600);

        ConsentService.Outcome again = db.transactions().inTransaction(em ->
                ConsentService.state(em, "C1", "email", true, "checkout", later));
        ConsentService.Outcome stale = db.transactions().inTransaction(em ->
                ConsentService.state(em, "C1", "email", false, "old-import", later.minusSeconds(60)));

        assertThat(again).isEqualTo(ConsentService.Outcome.CONFIRMED);
        assertThat(stale).isEqualTo(ConsentService.Outcome.NEWER_ON_RECORD);
        Map<String, Object> record = db.row("select status, source, updated_at, confirmed_at from consent_record");
        assertThat(record).containsEntry("status", "GRANTED").containsEntry("source", "double-opt-in link");
        assertThat(instant(record.get("confirmed_at"))).as("the opt-in's proof").isEqualTo(NOW);
        assertThat(instant(record.get("updated_at"))).as("the latest statement").isEqualTo(later);
    }

    private List<ConsentFact> consentsDecisionsSee(String customerId) {
        return new StoredCustomerFacts(db.transactions()).forEvent(customerId, EventType.ORDER_COMPLETED, Map.of(),
                NOW, List.of()).orElseThrow().context().consents();
    }

    private static void attribute(Connection c, String customer, String name, String text, String number,
                                  String source, Instant at) throws SQLException {
        // missing values as SQL NULL literals: PostgreSQL cannot type an untyped null parameter
        List<Object> args = new java.util.ArrayList<>(List.of(customer, name));
        StringBuilder values = new StringBuilder("?, ?");
        for (Object value : new Object[]{text, source, at == null ? null : at(at)}) {
            values.append(value == null ? ", null" : ", ?");
            if (value != null) {
                args.add(value);
            }
        }
        exec(c, "insert into customer_attribute (customer_id, name, text_value, source, updated_at, number_value)"
                + " values (" + values + ", " + (number == null ? "null" : number) + ")", args.toArray());
    }

    private static void record(Connection c, String customer, String channel, String status, String source,
                               Instant at) throws SQLException {
        exec(c, "insert into consent_record (customer_id, channel, status, source, updated_at) values (?, ?, ?, ?, ?)",
                customer, channel, status, source, at(at));
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static void exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }
}
