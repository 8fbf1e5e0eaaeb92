package dev.runbook.core.quantity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class QuantityTest {

    @ParameterizedTest(name = "{0} is {2} in {1}")
    @CsvSource({
            "80%, PERCENT, 80",
            "250ms, DURATION, 0.25",
            "30d, DURATION, 2592000",
            "2w, DURATION, 1209600",
            "5m, DURATION, 300",
            "1.5h, DURATION, 5400",
            "100us, DURATION, 0.0001",
            "1.5GiB, SIZE, 1610612736",
            "2GB, SIZE, 2000000000",
            "100MB, SIZE, 100000000",
            "1KiB, SIZE, 1024",
            "1TB, SIZE, 1000000000000",
            "5, COUNT, 5",
            "5, PERCENT, 5",
            "12c, COUNT, 12",
            "10MB/s, THROUGHPUT, 10000000",
            "-3, COUNT, -3",
            "1e3, COUNT, 1000",
    })
    void convertsToTheCanonicalUnitOfItsFamily(String text, UnitFamily family, double expected) {
        assertThat(Quantity.parse(text).canonicalIn(family)).isCloseTo(expected, within(1e-9 * Math.max(1, expected)));
    }

    @Test
    void readsCurrencyCodesAsUnits() {
        Quantity q = Quantity.parse("12.50 USD");
        assertThat(q.unit().family()).isEqualTo(UnitFamily.CURRENCY);
        assertThat(q.canonicalFor(Unit.currency("USD"))).isEqualTo(12.5);
        assertThatThrownBy(() -> q.canonicalFor(Unit.currency("EUR"))).hasMessageContaining("expected EUR");
    }

    @Test
    void refusesAUnitOfAnotherFamilyNamingBoth() {
        assertThatThrownBy(() -> Quantity.parse("5s").canonicalIn(UnitFamily.PERCENT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'5s' is a duration, expected a percentage");
    }

    @Test
    void refusesAnUnknownUnitListingTheKnownOnes() {
        assertThatThrownBy(() -> Quantity.parse("5 parsecs"))
                .hasMessageContaining("unknown unit 'parsecs'").hasMessageContaining("GiB");
    }

    @Test
    void refusesTextThatIsNotANumber() {
        assertThatThrownBy(() -> Quantity.parse("eighty"))
                .hasMessageContaining("expected a number with an optional unit").hasMessageContaining("'eighty'");
        assertThatThrownBy(() -> Quantity.parse("")).hasMessageContaining("found ''");
    }

    @Test
    void minutesAndMegabytesAreCaseSensitive() {
        assertThat(Quantity.parse("1m").unit().family()).isEqualTo(UnitFamily.DURATION);
        assertThatThrownBy(() -> Quantity.parse("1M")).hasMessageContaining("unknown unit 'M'");
    }

    @Test
    void parsesDurations() {
        assertThat(Quantity.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Quantity.parseDuration("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Quantity.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Quantity.parseDuration("45")).isEqualTo(Duration.ofSeconds(45));
        assertThatThrownBy(() -> Quantity.parseDuration("-5s")).hasMessageContaining("not negative");
        assertThatThrownBy(() -> Quantity.parseDuration("5%")).hasMessageContaining("expected a duration");
    }

    @Test
    void humanizesForPeople() {
        assertThat(Quantity.humanize(71.44, Unit.PERCENT)).isEqualTo("71.4%");
        assertThat(Quantity.humanize(0.25, Unit.SECONDS)).isEqualTo("250ms");
        assertThat(Quantity.humanize(86400 * 12 + 3600 * 4, Unit.SECONDS)).isEqualTo("12d 4h");
        assertThat(Quantity.humanize(340 * 1024 * 1024, Unit.BYTES)).isEqualTo("340.0 MiB");
        assertThat(Quantity.humanize(17.8, Unit.currency("USD"))).isEqualTo("17.80 USD");
    }
}
