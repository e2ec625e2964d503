package dev.flinkext.connector.kudu.mapping;

import org.apache.flink.table.data.TimestampData;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The conversions whose edge cases SQL cannot reach: Calcite refuses the DATE literals of the
 * Gregorian switch, and TIMESTAMP(9) values below the microsecond.
 */
class KuduFieldEncodersTest {

    private static int days(String date) {
        return (int) LocalDate.parse(date).toEpochDay();
    }

    @Test
    void everyDayOfKudusRangeButTheGregorianGapKeepsItsDay() {
        int gapStart = days("1582-10-05");
        int gapEnd = days("1582-10-14");
        int refused = 0;
        for (int day = days("0001-01-01"); day <= days("9999-12-31"); day++) {
            if (day >= gapStart && day <= gapEnd) {
                refused++;
                continue;
            }
            long stored = KuduValues.toSqlDate("d", day).toLocalDate().toEpochDay();
            if (stored != day) {
                throw new AssertionError(LocalDate.ofEpochDay(day) + " became " + stored);
            }
        }
        assertThat(refused).isEqualTo(10);
    }

    @Test
    void theDaysJavaSqlDateLacksAreRefusedNotMoved() {
        for (int day = 5; day <= 14; day++) {
            String date = String.format("1582-10-%02d", day);
            assertThatThrownBy(() -> KuduValues.toSqlDate("d", days(date)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "DATE "
                                    + date
                                    + " of column 'd' cannot be stored through kudu-client"
                                    + " (java.sql.Date has no 1582-10-05 to 1582-10-14: the"
                                    + " Julian/Gregorian switch)");
        }
    }

    @Test
    void datesOutsideKudusRangeAreRefused() {
        assertThatThrownBy(
                        () -> KuduValues.toSqlDate("d", (int) LocalDate.of(0, 12, 31).toEpochDay()))
                .hasMessageContaining("outside Kudu's DATE range 0001-01-01 to 9999-12-31");
    }

    @Test
    void timestampsBecomeMicrosecondsOfTheUtcWallClock() {
        assertThat(
                        KuduValues.toMicros(
                                "t",
                                TimestampData.fromLocalDateTime(
                                        LocalDateTime.parse("1969-12-31T23:59:59.999999"))))
                .isEqualTo(-1L);
        assertThat(
                        KuduFieldDecoders.fromMicros(
                                KuduValues.toMicros(
                                        "t",
                                        TimestampData.fromLocalDateTime(
                                                LocalDateTime.parse("0001-01-01T00:00:00")))))
                .isEqualTo(
                        TimestampData.fromLocalDateTime(LocalDateTime.parse("0001-01-01T00:00")));
        assertThatThrownBy(
                        () ->
                                KuduValues.toMicros(
                                        "t",
                                        TimestampData.fromLocalDateTime(
                                                LocalDateTime.parse(
                                                        "2024-01-01T00:00:00.000000001"))))
                .hasMessageContaining("column 't' has digits below the microsecond");
    }
}
