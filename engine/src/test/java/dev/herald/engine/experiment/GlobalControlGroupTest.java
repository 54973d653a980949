package dev.herald.engine.experiment;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who is in the global control group: about the share asked for, stably, and growing only by adding members. */
class GlobalControlGroupTest {

    @Test
    void aboutTheShareOfCustomersIsInTheGroupAndNoneWithoutOne() {
        GlobalControlGroup fivePercent = new GlobalControlGroup(0.05);
        long members = IntStream.range(0, 100_000).mapToObj(i -> "C" + i).filter(fivePercent::contains).count();

        // binomial(100000, 0.05): standard deviation 69, so ±400 is more than five of them
        assertThat(members).isBetween(4_600L, 5_400L);
        assertThat(IntStream.range(0, 1000).mapToObj(i -> "C" + i).anyMatch(GlobalControlGroup.NONE::contains)).isFalse();
    }

    @Test
    void membershipIsStableAndARaisedShareKeepsEveryMember() {
        GlobalControlGroup five = new GlobalControlGroup(0.05);
        GlobalControlGroup ten = new GlobalControlGroup(0.10);
        IntStream.range(0, 20_000).mapToObj(i -> "C" + i).forEach(id -> {
            assertThat(new GlobalControlGroup(0.05).contains(id)).isEqualTo(five.contains(id));
            if (five.contains(id)) {
                assertThat(ten.contains(id)).as(id).isTrue();
            }
        });
    }

    @Test
    void theShareIsBetweenNoneAndHalf() {
        assertThatThrownBy(() -> new GlobalControlGroup(0.6)).hasMessageContaining("within 0..0.5");
        assertThatThrownBy(() -> new GlobalControlGroup(-0.1)).hasMessageContaining("within 0..0.5");
        assertThat(new GlobalControlGroup(0.05).percent()).isEqualTo("5%");
        assertThat(GlobalControlGroup.parseShare(" 5 %")).isEqualTo(0.05);
        assertThat(GlobalControlGroup.parseShare("0.1")).isEqualTo(0.1);
        assertThatThrownBy(() -> GlobalControlGroup.parseShare("five")).hasMessage(
                "must be a share such as 5% or 0.05, got 'five'");
        assertThat(new GlobalControlGroup(0.125).percent()).isEqualTo("12.5%");
    }
}
