package dev.herald.engine.experiment.report;

import dev.herald.engine.customer.Customer;
import dev.herald.engine.customer.CustomerOrder;
import dev.herald.engine.experiment.GlobalControlGroup;
import dev.herald.engine.testsupport.HeraldDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The global control report reads the right customers and orders from a real database: customers known before the
 * period's end, split by the group, orders inside the period only. Runs on H2 and PostgreSQL.
 */
abstract class GlobalControlReportIT {

    static final GlobalControlGroup HALF = new GlobalControlGroup(0.5);
    static final Instant SINCE = Instant.parse("2026-10-01T00:00:00Z");
    static final Instant UNTIL = Instant.parse("2026-11-01T00:00:00Z");

    HeraldDatabase db;

    protected abstract DataSource freshDataSource();

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(freshDataSource());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void customersAreSplitByTheGroupAndOnlyOrdersInThePeriodCount() {
        List<String> ids = IntStream.range(0, 40).mapToObj(i -> "C" + i).toList();
        List<String> control = ids.stream().filter(HALF::contains).toList();
        List<String> treated = ids.stream().filter(id -> !HALF.contains(id)).toList();
        db.transactions().inTransaction(em -> {
            for (String id : ids) {
                em.persist(new Customer(id, id.toLowerCase() + "@example.com", id, SINCE.minus(Duration.ofDays(90))));
            }
            // known only after the period: not counted at all
            em.persist(new Customer("LATE", "late@example.com", "Late", UNTIL.plusSeconds(1)));
            em.flush();
            // two treated customers buy in the period (one twice), one control customer too, one before it
            order(em, "o1", treated.get(0), "30.00", SINCE.plus(Duration.ofDays(1)));
            order(em, "o2", treated.get(0), "10.00", SINCE.plus(Duration.ofDays(2)));
            order(em, "o3", treated.get(1), "20.00", UNTIL.minusSeconds(1));
            order(em, "o4", control.get(0), "50.00", SINCE);
            order(em, "o5", control.get(1), "99.00", SINCE.minusSeconds(1));
            order(em, "o6", treated.get(2), "70.00", UNTIL);
            return null;
        });

        GlobalControlReport report = GlobalControlReport.build(db.transactions(), HALF, SINCE, UNTIL);

        assertThat(report.control().customers()).isEqualTo(control.size());
        assertThat(report.treated().customers()).isEqualTo(treated.size());
        assertThat(report.control().buyers()).isEqualTo(1);
        assertThat(report.treated().buyers()).isEqualTo(2);
        assertThat(report.treated().revenuePerCustomer() * treated.size()).isCloseTo(60.0,
                org.assertj.core.api.Assertions.within(1e-9));
        assertThat(report.control().revenuePerCustomer() * control.size()).isCloseTo(50.0,
                org.assertj.core.api.Assertions.within(1e-9));
        assertThat(report.verdict()).startsWith("Too early to tell");
    }

    @Test
    void withoutAGroupOrWithAnEmptyPeriodThereIsNoReport() {
        assertThatThrownBy(() -> GlobalControlReport.build(db.transactions(), GlobalControlGroup.NONE, SINCE, UNTIL))
                .hasMessageContaining("set globalControl in herald-rules.yaml");
        assertThatThrownBy(() -> GlobalControlReport.build(db.transactions(), HALF, UNTIL, SINCE))
                .hasMessageContaining("the period is empty");
    }

    private static void order(jakarta.persistence.EntityManager em, String id, String customer, String total,
                              Instant at) {
        em.persist(new CustomerOrder(id, customer, "evt-" + id, "GBP", new BigDecimal(total), at, List.of()));
    }
}
