package dev.flinkext.connector.clickhouse.schema;

import dev.flinkext.connector.clickhouse.schema.ClickHouseType.Array;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.DateTime;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.DateTime64;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.Decimal;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.EnumValue;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.FixedString;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.LowCardinality;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.Nested;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.Nullable;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.Primitive;
import dev.flinkext.connector.clickhouse.schema.ClickHouseType.Tuple;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static dev.flinkext.connector.clickhouse.schema.ClickHouseType.field;
import static dev.flinkext.connector.clickhouse.schema.ClickHouseType.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClickHouseTypeParserTest {

    private static ClickHouseType roundTrip(String s) {
        ClickHouseType t = ClickHouseTypeParser.parse(s);
        assertThat(t.toString()).isEqualTo(s);
        return t;
    }

    @ParameterizedTest
    @EnumSource(Primitive.class)
    void parsesEveryPrimitive(Primitive p) {
        assertThat(roundTrip(p.name())).isEqualTo(of(p));
    }

    @Test
    void parsesParameterizedScalars() {
        assertThat(roundTrip("FixedString(16)")).isEqualTo(new FixedString(16));
        assertThat(roundTrip("DateTime")).isEqualTo(new DateTime(Optional.empty()));
        assertThat(roundTrip("DateTime('Europe/Moscow')"))
                .isEqualTo(new DateTime(Optional.of("Europe/Moscow")));
        assertThat(roundTrip("DateTime64(3)")).isEqualTo(new DateTime64(3, Optional.empty()));
        assertThat(roundTrip("DateTime64(3, 'Asia/Shanghai')"))
                .isEqualTo(new DateTime64(3, Optional.of("Asia/Shanghai")));
        assertThat(roundTrip("Decimal(38, 10)")).isEqualTo(new Decimal(38, 10));
        assertThat(roundTrip("Decimal(76, 0)")).isEqualTo(new Decimal(76, 0));
    }

    @ParameterizedTest
    @CsvSource({
        "Decimal32(2), 9, 2",
        "Decimal64(4), 18, 4",
        "Decimal128(10), 38, 10",
        "Decimal256(0), 76, 0"
    })
    void normalizesSizedDecimals(String type, int precision, int scale) {
        ClickHouseType t = ClickHouseTypeParser.parse(type);
        assertThat(t).isEqualTo(new Decimal(precision, scale));
        assertThat(t.toString()).isEqualTo("Decimal(" + precision + ", " + scale + ")");
    }

    @Test
    void parsesEnumsWithEscapedNamesAndNegativeValues() {
        assertThat(roundTrip("Enum8('a\\'b' = 1, 'c' = -128)"))
                .isEqualTo(
                        new ClickHouseType.Enum(
                                8, List.of(new EnumValue("a'b", 1), new EnumValue("c", -128))));
        assertThat(roundTrip("Enum16('x' = -32768, 'back\\\\slash' = 32767, 'tab\\there' = 0)"))
                .isEqualTo(
                        new ClickHouseType.Enum(
                                16,
                                List.of(
                                        new EnumValue("x", -32768),
                                        new EnumValue("back\\slash", 32767),
                                        new EnumValue("tab\there", 0))));
        assertThat(roundTrip("Enum8('a, b) = c' = 1)"))
                .isEqualTo(new ClickHouseType.Enum(8, List.of(new EnumValue("a, b) = c", 1))));
    }

    @Test
    void parsesWrappersAndComposites() {
        assertThat(roundTrip("Nullable(String)")).isEqualTo(new Nullable(of(Primitive.String)));
        assertThat(roundTrip("LowCardinality(Nullable(String))"))
                .isEqualTo(new LowCardinality(new Nullable(of(Primitive.String))));
        assertThat(roundTrip("Array(Nullable(Decimal(38, 10)))"))
                .isEqualTo(new Array(new Nullable(new Decimal(38, 10))));
        assertThat(roundTrip("Map(LowCardinality(String), Array(Tuple(UInt8, String)))"))
                .isEqualTo(
                        new ClickHouseType.Map(
                                new LowCardinality(of(Primitive.String)),
                                new Array(
                                        new Tuple(
                                                List.of(
                                                        field(of(Primitive.UInt8)),
                                                        field(of(Primitive.String)))))));
        assertThat(roundTrip("Array(Array(Array(Int256)))"))
                .isEqualTo(new Array(new Array(new Array(of(Primitive.Int256)))));
    }

    @Test
    void parsesNamedTuplesAndNested() {
        assertThat(roundTrip("Tuple(a UInt8, b Nullable(String))"))
                .isEqualTo(
                        new Tuple(
                                List.of(
                                        field("a", of(Primitive.UInt8)),
                                        field("b", new Nullable(of(Primitive.String))))));
        // an element may be named like a type
        assertThat(roundTrip("Tuple(String String, Date DateTime('UTC'))"))
                .isEqualTo(
                        new Tuple(
                                List.of(
                                        field("String", of(Primitive.String)),
                                        field("Date", new DateTime(Optional.of("UTC"))))));
        assertThat(roundTrip("Tuple(`a b` UInt8, c Array(Tuple(UInt8, String)))"))
                .isEqualTo(
                        new Tuple(
                                List.of(
                                        field("a b", of(Primitive.UInt8)),
                                        field(
                                                "c",
                                                new Array(
                                                        new Tuple(
                                                                List.of(
                                                                        field(of(Primitive.UInt8)),
                                                                        field(
                                                                                of(
                                                                                        Primitive
                                                                                                .String)))))))));
        assertThat(ClickHouseTypeParser.parse("Tuple(`c` UInt8)"))
                .isEqualTo(new Tuple(List.of(field("c", of(Primitive.UInt8)))));
        assertThat(roundTrip("Nested(id UInt32, tags Array(String))"))
                .isEqualTo(
                        new Nested(
                                List.of(
                                        field("id", of(Primitive.UInt32)),
                                        field("tags", new Array(of(Primitive.String))))));
        assertThat(roundTrip("Array(Tuple(id UInt32, name String))"))
                .isEqualTo(
                        new Array(
                                new Tuple(
                                        List.of(
                                                field("id", of(Primitive.UInt32)),
                                                field("name", of(Primitive.String))))));
    }

    @Test
    void ignoresWhitespaceAndRendersCanonically() {
        ClickHouseType t =
                ClickHouseTypeParser.parse(
                        "  Map( LowCardinality (String) ,Array( Tuple(a  UInt8,b\tEnum8( 'x'=1 ,'y' =  -2 ))) ) ");
        assertThat(t.toString())
                .isEqualTo(
                        "Map(LowCardinality(String), Array(Tuple(a UInt8, b Enum8('x' = 1, 'y' = -2))))");
        assertThat(ClickHouseTypeParser.parse("Decimal(10,2)").toString())
                .isEqualTo("Decimal(10, 2)");
        assertThat(ClickHouseTypeParser.parse("DateTime64(6,'UTC')").toString())
                .isEqualTo("DateTime64(6, 'UTC')");
    }

    @Test
    void errorsNameTheTypeThePositionAndWhatWasExpected() {
        assertThatThrownBy(() -> ClickHouseTypeParser.parse("Array(Nullable(String)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Array(Nullable(String)'")
                .hasMessageContaining("position 22")
                .hasMessageContaining("expected ')'")
                .hasMessageContaining("found the end");
        assertThatThrownBy(() -> ClickHouseTypeParser.parse("Map(String UInt8)"))
                .hasMessageContaining("'Map(String UInt8)'")
                .hasMessageContaining("position 11")
                .hasMessageContaining("expected ','");
        assertThatThrownBy(() -> ClickHouseTypeParser.parse("Array(Strin)"))
                .hasMessageContaining("position 6")
                .hasMessageContaining("a known type name, not 'Strin'");
        assertThatThrownBy(() -> ClickHouseTypeParser.parse("Enum8('a = 1)"))
                .hasMessageContaining("position 6")
                .hasMessageContaining("closing '");
        assertThatThrownBy(() -> ClickHouseTypeParser.parse("Enum8(a = 1)"))
                .hasMessageContaining("position 6")
                .hasMessageContaining("a quoted string");
        assertThatThrownBy(() -> ClickHouseTypeParser.parse("FixedString(x)"))
                .hasMessageContaining("position 12")
                .hasMessageContaining("an integer");
        assertThatThrownBy(() -> ClickHouseTypeParser.parse("String)"))
                .hasMessageContaining("position 6")
                .hasMessageContaining("end of the type string");
        assertThatThrownBy(() -> ClickHouseTypeParser.parse("Nullable()"))
                .hasMessageContaining("position 9")
                .hasMessageContaining("a type name");
        assertThatThrownBy(() -> ClickHouseTypeParser.parse(""))
                .hasMessageContaining("position 0")
                .hasMessageContaining("a type name");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Enum8('a' = 128)",
                "Enum16('a' = 40000)",
                "Decimal(5, 6)",
                "Decimal(77, 0)",
                "Decimal32(10)",
                "DateTime64(10)",
                "FixedString(0)",
                "Tuple(a UInt8, String)",
                "Nested(String)"
            })
    void rejectsOutOfRangeParameters(String type) {
        assertThatThrownBy(() -> ClickHouseTypeParser.parse(type))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + type + "'")
                .hasMessageContaining("position 0")
                .hasMessageContaining("expected valid parameters for");
    }
}
