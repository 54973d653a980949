package dev.herald.engine.application;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link EmailModel#money}: formats are cached per locale and currency (ADR 0044) and must stay right. */
class EmailModelMoneyTest {

    @Test
    void eachLocaleAndCurrencyKeepsItsOwnFormatWhateverWasFormattedBefore() {
        assertThat(EmailModel.money(new BigDecimal("7"), "GBP", Locale.UK)).isEqualTo("£7.00");
        assertThat(EmailModel.money(new BigDecimal("7"), "EUR", Locale.GERMANY)).isEqualTo("7,00\u00a0€");
        assertThat(EmailModel.money(new BigDecimal("1234.5"), "GBP", Locale.UK)).isEqualTo("£1,234.50");
        assertThat(EmailModel.money(new BigDecimal("7"), "EUR", Locale.UK)).isEqualTo("€7.00");
        assertThat(EmailModel.money(new BigDecimal("7"), "JPY", Locale.JAPAN)).isEqualTo("￥7");
        assertThat(EmailModel.money(new BigDecimal("7"), null, Locale.UK)).isEqualTo("7.00");
        assertThat(EmailModel.money(new BigDecimal("7"), " ", Locale.GERMANY)).isEqualTo("7,00");
    }

    @Test
    void anUnknownCurrencyCodeIsWrittenAfterThePlainAmountEveryTime() {
        assertThat(EmailModel.money(new BigDecimal("7.005"), "XQQ", Locale.UK)).isEqualTo("7.01 XQQ");
        assertThat(EmailModel.money(new BigDecimal("3"), "XQQ", Locale.UK)).isEqualTo("3.00 XQQ");
    }

    /**
     * Formats are documented as not thread-safe and the consumers format at once, so each call works on a copy.
     * (JDK 17's DecimalFormat happens to lock around its digit list, so this passes without the copy too: it
     * guards the results, not the copy.)
     */
    @Test
    void consumersFormattingAtOnceEachGetTheirOwnAmount() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> wrong = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                wrong.add(pool.submit(() -> {
                    List<String> mismatches = new ArrayList<>();
                    for (int i = 0; i < 20_000; i++) {
                        int pence = thread * 100_000 + i;
                        String expected = String.format(Locale.UK, "£%,d.%02d", pence / 100, pence % 100);
                        String got = EmailModel.money(BigDecimal.valueOf(pence, 2), "GBP", Locale.UK);
                        if (!got.equals(expected)) {
                            mismatches.add(expected + " -> " + got);
                        }
                    }
                    return mismatches;
                }));
            }
            for (Future<List<String>> result : wrong) {
                assertThat(result.get()).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
