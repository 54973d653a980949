package dev.herald.engine.segment;

import dev.herald.engine.testsupport.HeraldDatabase;
import dev.herald.engine.testsupport.MutableClock;
import dev.herald.engine.testsupport.TenCustomerHistory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's segment figures over ten customers whose RFM values are known by construction; H2 and PostgreSQL. */
abstract class SegmentOverviewIT {

    static final Instant AS_OF = Instant.parse("2011-12-10T00:00:00Z");

    HeraldDatabase db;
    SegmentOverview overview;

    protected abstract javax.sql.DataSource freshDataSource();

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(freshDataSource());
        MutableClock clock = new MutableClock(AS_OF);
        TenCustomerHistory.store(db, clock, AS_OF);
        new RfmService(db.transactions(), SegmentChangeListener.NONE).computeAll(AS_OF, AS_OF);
        overview = new SegmentOverview(db.transactions());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void sizesAddUpToEveryScoredCustomerLargestFirst() {
        List<SegmentOverview.SegmentSize> sizes = overview.sizes();
        assertThat(sizes).allMatch(s -> s.scheme().equals("rfm"));
        assertThat(sizes.stream().mapToLong(SegmentOverview.SegmentSize::customers).sum()).isEqualTo(10);
        assertThat(sizes).extracting(SegmentOverview.SegmentSize::customers)
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void aSegmentsMembersAreListedByIdWithTheirAddressAndOrdersUpToTheLimit() {
        SegmentOverview.SegmentSize largest = overview.sizes().get(0);

        List<SegmentOverview.Member> members = overview.members("rfm", largest.segment(), 100);

        assertThat(members).hasSize((int) largest.customers());
        assertThat(members).extracting(SegmentOverview.Member::customerId).isSorted();
        assertThat(members).allSatisfy(m -> {
            assertThat(m.email()).isNotNull(); // imported customers may have none
            assertThat(m.orders()).isPositive();
            assertThat(m.since()).isNotNull();
        });
        assertThat(overview.members("rfm", largest.segment(), 1)).hasSize(1);
        assertThat(overview.members("rfm", "No such segment", 100)).isEmpty();
    }

    @Test
    void predictionBandsCountEveryPredictedCustomerOnceWithWhatIsExpectedOfThem() {
        assertThat(overview.predictionBands()).as("before any prediction").isEmpty();
        dev.herald.engine.lifetime.LifetimeService.Result result = new dev.herald.engine.lifetime.LifetimeService(
                db.transactions()).predictAll(AS_OF, AS_OF);

        List<SegmentOverview.PredictionBand> bands = overview.predictionBands();

        assertThat(bands).hasSize(5).extracting(SegmentOverview.PredictionBand::from)
                .containsExactly(0.0, 0.2, 0.4, 0.6, 0.8);
        assertThat(bands.stream().mapToLong(SegmentOverview.PredictionBand::customers).sum()).isEqualTo(10);
        for (SegmentOverview.PredictionBand band : bands) {
            long expected = result.predictions().stream().filter(p -> Math.round(p.purchaseProbability() * 1e4) / 1e4
                    >= band.from() && (Math.round(p.purchaseProbability() * 1e4) / 1e4 < band.to() || band.to() == 1.0))
                    .count();
            assertThat(band.customers()).as("band from %.1f", band.from()).isEqualTo(expected);
        }
        assertThat(bands.stream().mapToDouble(SegmentOverview.PredictionBand::expectedOrders).sum()).isCloseTo(
                result.predictions().stream().mapToDouble(p -> p.expectedOrders()).sum(),
                org.assertj.core.api.Assertions.within(1e-3));
    }

    @Test
    void rfmProfilesAverageEachSegmentsValues() {
        List<SegmentOverview.RfmProfile> profiles = overview.rfmProfiles();
        assertThat(profiles.stream().mapToLong(SegmentOverview.RfmProfile::customers).sum()).isEqualTo(10);
        // customer i: i orders of 100, the last 10·i days before AS_OF, so frequency and spend rise together
        double weightedFrequency = profiles.stream().mapToDouble(p -> p.avgFrequency() * p.customers()).sum();
        double weightedMonetary = profiles.stream().mapToDouble(p -> p.avgMonetary() * p.customers()).sum();
        double weightedRecency = profiles.stream().mapToDouble(p -> p.avgRecencyDays() * p.customers()).sum();
        assertThat(weightedFrequency).isEqualTo(55.0, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(weightedMonetary).isEqualTo(5500.0, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(weightedRecency).isEqualTo(550.0, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(profiles).allSatisfy(p -> assertThat(p.asOf()).isEqualTo(AS_OF));
    }

    @Test
    void theScatterSampleSpreadsOverAllCustomersAndKeepsToItsLimit() {
        assertThat(overview.rfmSample(100)).hasSize(10);
        List<SegmentOverview.RfmPoint> five = overview.rfmSample(5);
        assertThat(five).hasSize(5);
        // every second customer in id order (C1, C10, C2, ...): five different customers
        assertThat(five).extracting(SegmentOverview.RfmPoint::frequency).doesNotHaveDuplicates();
        assertThat(overview.rfmSample(3)).hasSize(3);
    }
}
