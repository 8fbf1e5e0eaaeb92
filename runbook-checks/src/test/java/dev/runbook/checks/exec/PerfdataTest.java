package dev.runbook.checks.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.runbook.core.Status;
import dev.runbook.core.quantity.Unit;
import org.junit.jupiter.api.Test;

class PerfdataTest {

    @Test
    void parsesCheckDiskOutputIntoCanonicalBytesNamedByItsLabel() {
        Perfdata.Parsed p = Perfdata.parse("DISK OK - free space: / 13021 MB (68% inode=91%);| /=6043MB;15940;17933;0;19926\n");
        assertThat(p.message()).isEqualTo("DISK OK - free space: / 13021 MB (68% inode=91%);");
        assertThat(p.items()).singleElement().satisfies(i -> {
            assertThat(i.metric()).as("contract §4: named by label").isEqualTo("/");
            assertThat(i.value()).isEqualTo(6.043e9);
            assertThat(i.unit()).isEqualTo(Unit.BYTES);
            assertThat(i.status()).isEqualTo(Status.OK);
        });
    }

    @Test
    void convertsMillisecondsAndEvaluatesRangesInTheItemsUnit() {
        Perfdata.Parsed p = Perfdata.parse("PING OK | 'Round Trip'=250ms;100;300;0 loss=0%;20;60");
        assertThat(p.items()).hasSize(2);
        Perfdata.Item rta = p.items().get(0);
        assertThat(rta.metric()).isEqualTo("Round Trip");
        assertThat(rta.value()).isCloseTo(0.25, within(1e-9));
        assertThat(rta.status()).isEqualTo(Status.WARNING);
        assertThat(p.items().get(1).status()).isEqualTo(Status.OK);
    }

    @Test
    void bareRangeMeansZeroToNAndInsideRangeWithAt() {
        assertThat(Perfdata.parse("x | a=11;10").items().get(0).status()).isEqualTo(Status.WARNING);
        assertThat(Perfdata.parse("x | a=10;10").items().get(0).status()).isEqualTo(Status.OK);
        assertThat(Perfdata.parse("x | a=-1;;10").items().get(0).status()).isEqualTo(Status.CRITICAL);
        assertThat(Perfdata.parse("x | a=5;@3:7").items().get(0).status()).isEqualTo(Status.WARNING);
        assertThat(Perfdata.parse("x | a=5;~:4").items().get(0).status()).isEqualTo(Status.WARNING);
        assertThat(Perfdata.parse("x | a=5;6:").items().get(0).status()).isEqualTo(Status.WARNING);
    }

    @Test
    void readsPerfdataFromLongOutputAndSkipsUndeterminedValues() {
        Perfdata.Parsed p = Perfdata.parse("OK - 3 users | users=3c;5;10\nline two\nline three | load=0.5 gone=U");
        assertThat(p.items()).extracting(Perfdata.Item::metric).containsExactly("users", "load");
    }

    @Test
    void reportsUnknownUnitsAsProblemsWithoutDroppingOtherItems() {
        Perfdata.Parsed p = Perfdata.parse("OK | a=1furlong b=2s");
        assertThat(p.items()).extracting(Perfdata.Item::metric).containsExactly("b");
        assertThat(p.problems()).singleElement().asString().contains("furlong");
    }

    @Test
    void keepsLabelsAsTheyAreAndDeduplicates() {
        assertThat(Perfdata.parse("x | /var/log=1 '5xx Rate'=2 a=3 a=4").items()).extracting(Perfdata.Item::metric)
                .containsExactly("/var/log", "5xx Rate", "a", "a_2");
    }
}
