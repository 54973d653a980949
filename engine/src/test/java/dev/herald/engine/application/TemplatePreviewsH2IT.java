package dev.herald.engine.application;

import dev.herald.engine.customer.Customer;
import dev.herald.engine.customer.CustomerOrder;
import dev.herald.engine.customer.OrderLine;
import dev.herald.engine.testsupport.HeraldDatabase;
import dev.herald.engine.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's template preview queries on H2: the customer picker and the model of a stored customer's email. */
class TemplatePreviewsH2IT {

    @TempDir
    Path dir;
    HeraldDatabase db;
    TemplatePreviews previews;

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(TestDatabases.h2(dir));
        previews = new TemplatePreviews(db.transactions());
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        db.transactions().inTransaction(em -> {
            em.persist(new Customer("C1", "ann@example.com", "Ann Smith", t));
            em.persist(new Customer("C2", "bob@example.com", "Bob Jones", t.plusSeconds(60)));
            em.persist(new CustomerOrder("O-7", "C2", "evt-7", "GBP", new BigDecimal("25.50"), t.plusSeconds(120),
                    List.of(new OrderLine("P1", "Blue mug", 2, new BigDecimal("12.75")))));
            return null;
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void the_picker_lists_the_most_recently_updated_customers_first() {
        assertThat(previews.recentCustomers(10)).extracting(TemplatePreviews.CustomerChoice::id)
                .containsExactly("C2", "C1");
        assertThat(previews.recentCustomers(1)).singleElement()
                .isEqualTo(new TemplatePreviews.CustomerChoice("C2", "Bob Jones", "bob@example.com"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_customer_without_orders_is_previewed_as_at_signup_and_one_with_orders_with_the_latest_order() {
        Map<String, Object> ann = previews.model("C1", "welcome").orElseThrow();
        assertThat((Map<String, Object>) ann.get("customer")).containsEntry("firstName", "Ann")
                .containsEntry("email", "ann@example.com");
        assertThat(ann).doesNotContainKey("order").containsEntry("campaign", "welcome");

        Map<String, Object> bob = previews.model("C2", "thank-you").orElseThrow();
        Map<String, Object> order = (Map<String, Object>) bob.get("order");
        assertThat(order).containsEntry("id", "O-7").containsEntry("total", "£25.50");
        assertThat((List<Map<String, Object>>) order.get("items")).singleElement()
                .satisfies(item -> assertThat(item).containsEntry("name", "Blue mug").containsEntry("quantity", 2));
    }

    @Test
    void an_unknown_or_blank_customer_has_no_model() {
        assertThat(previews.model("nobody", "welcome")).isEmpty();
        assertThat(previews.model(" ", "welcome")).isEmpty();
    }
}
