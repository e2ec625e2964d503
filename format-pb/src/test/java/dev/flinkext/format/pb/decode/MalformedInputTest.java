package dev.flinkext.format.pb.decode;

import dev.flinkext.format.pb.PbTestSchemas;
import dev.flinkext.format.pb.config.PbFormatConfig;
import dev.flinkext.format.pb.testproto.Everything;
import dev.flinkext.format.pb.testproto.Inner;
import dev.flinkext.format.pb.testproto.Legacy;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

import static org.apache.flink.table.api.DataTypes.ARRAY;
import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.MAP;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Malformed bytes fail with an IOException naming the message, what is wrong, the field path and
 * number where known, the byte offset, and the option that skips such messages instead.
 */
class MalformedInputTest {

    static final DataType TYPE =
            ROW(
                    FIELD("f_int32", INT()),
                    FIELD("f_int64", BIGINT()),
                    FIELD("f_string", STRING()),
                    FIELD("inner", ROW(FIELD("name", STRING()), FIELD("value", INT()))),
                    FIELD("r_string", ARRAY(STRING())),
                    FIELD("m_string_int64", MAP(STRING(), BIGINT())));

    /** f_string (#14) = 2 bytes that are not UTF-8. */
    static final byte[] BAD_UTF8 = {0x72, 0x02, (byte) 0xC3, 0x28};

    @Test
    void truncatedBytesFailInTheFieldBeingRead() throws Exception {
        byte[] whole =
                Everything.newBuilder()
                        .setFInt32(1)
                        .setFString("hello world")
                        .build()
                        .toByteArray();
        byte[] truncated = Arrays.copyOf(whole, 8); // 08 01 72 0B + 4 of the 11 string bytes

        assertDecodeFails(truncated)
                .hasMessageContaining("input ended unexpectedly")
                .hasMessageContaining("in field 'f_string' (#14)")
                .hasMessageContaining("at byte offset 4 of 8");
    }

    @Test
    void aMessageTruncatedInsideANestedMessageNamesTheNestedField() throws Exception {
        byte[] whole =
                Everything.newBuilder()
                        .setInner(Inner.newBuilder().setName("abcdefgh").setValue(5))
                        .build()
                        .toByteArray();

        assertDecodeFails(Arrays.copyOf(whole, whole.length - 3))
                .hasMessageContaining("in field 'inner' (#30)");
        // the nested length fits, a string inside it does not
        byte[] innerTruncated = {(byte) 0xF2, 0x01, 0x03, 0x0A, 0x05, 'a', 'b'};
        assertDecodeFails(innerTruncated)
                .hasMessageContaining("in field 'inner.name' (#1)")
                .hasMessageContaining("at byte offset 5 of 7");
    }

    @Test
    void aVarintOfMoreThanTenBytesFails() {
        byte[] badVarint = new byte[12];
        badVarint[0] = 0x10; // f_int64 (#2), varint
        Arrays.fill(badVarint, 1, 11, (byte) 0xFF);
        badVarint[11] = 0x01;

        assertDecodeFails(badVarint)
                .hasMessageContaining("malformed varint")
                .hasMessageContaining("in field 'f_int64' (#2)")
                .hasMessageContaining("at byte offset 11 of 12");
    }

    @Test
    void aBadVarintInATagFailsWithoutAField() {
        byte[] badTag = new byte[11];
        Arrays.fill(badTag, (byte) 0xFF);

        assertDecodeFails(badTag)
                .hasMessageContaining("malformed varint")
                .hasMessageNotContaining("in field")
                .hasMessageContaining("of 11");
    }

    @Test
    void aLengthPrefixPastTheEndFails() {
        byte[] pastEnd = {0x72, 50, 'a', 'b', 'c'}; // f_string claims 50 bytes, 3 follow

        assertDecodeFails(pastEnd)
                .hasMessageContaining("input ended unexpectedly")
                .hasMessageContaining("in field 'f_string' (#14)")
                .hasMessageContaining("at byte offset 2 of 5");
    }

    @Test
    void aLengthPrefixPastTheEndOfAnUndeclaredFieldFailsToo() {
        // f_bytes (#15) is not a column: it is skipped, and skipping it runs past the end
        byte[] pastEnd = {0x08, 0x01, 0x7A, 20, 'x'};

        assertDecodeFails(pastEnd)
                .hasMessageContaining("input ended unexpectedly")
                .hasMessageNotContaining("in field")
                .hasMessageContaining("of 5");
    }

    @Test
    void aNegativeLengthFails() {
        byte[] negative = {0x72, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};

        assertDecodeFails(negative)
                .hasMessageContaining("negative size")
                .hasMessageContaining("in field 'f_string' (#14)");
    }

    @Test
    void anEndGroupWithoutAStartFails() throws Exception {
        byte[] endGroup = {0x08, 0x01, 0x2C}; // f_int32 = 1, then END_GROUP of field 5
        assertThatThrownBy(() -> Everything.parseFrom(endGroup))
                .isInstanceOf(InvalidProtocolBufferException.class);

        assertDecodeFails(endGroup)
                .hasMessageContaining("end-group tag did not match")
                .hasMessageContaining("at byte offset 3 of 3");
    }

    @Test
    void anEndGroupWithoutAStartInsideANestedMessageNamesTheField() {
        byte[] nested = {(byte) 0xF2, 0x01, 0x01, 0x0C}; // inner = {END_GROUP of field 1}

        assertDecodeFails(nested)
                .hasMessageContaining("end-group tag did not match")
                .hasMessageContaining("in field 'inner' (#30)");
    }

    @Test
    void invalidUtf8InAProto3StringFails() {
        assertThatThrownBy(() -> Everything.parseFrom(BAD_UTF8))
                .isInstanceOf(InvalidProtocolBufferException.class);

        assertDecodeFails(BAD_UTF8)
                .hasMessageContaining("not valid UTF-8")
                .hasMessageContaining("in field 'f_string' (#14)")
                .hasMessageContaining("at byte offset 4 of 4");
    }

    @Test
    void invalidUtf8InNestedRepeatedAndMapStringsNamesTheirPath() throws Exception {
        ByteString bad = ByteString.copyFrom(new byte[] {(byte) 0xFF, 'x'});
        byte[] inNested = concat(new byte[] {(byte) 0xF2, 0x01, 0x04, 0x0A, 0x02}, bad);
        byte[] inRepeated = concat(new byte[] {(byte) 0xDA, 0x03, 0x02}, bad); // r_string #59
        // m_string_int64 #70: entry {key = bad, value = 1}
        byte[] inMapKey =
                concat(
                        new byte[] {(byte) 0xB2, 0x04, 0x06, 0x0A, 0x02},
                        bad,
                        new byte[] {0x10, 0x01});

        assertDecodeFails(inNested)
                .hasMessageContaining("not valid UTF-8")
                .hasMessageContaining("in field 'inner.name' (#1)");
        assertDecodeFails(inRepeated)
                .hasMessageContaining("not valid UTF-8")
                .hasMessageContaining("in field 'r_string' (#59)");
        assertDecodeFails(inMapKey)
                .hasMessageContaining("not valid UTF-8")
                .hasMessageContaining("in field 'm_string_int64' (#70)");
    }

    @Test
    void invalidUtf8InAProto2StringIsRead() throws Exception {
        byte[] raw = {'o', 'k', (byte) 0xC3, 0x28};
        Legacy message =
                Legacy.newBuilder().setId(1).setNameBytes(ByteString.copyFrom(raw)).build();
        assertThat(Legacy.parseFrom(message.toByteArray()).getNameBytes().toByteArray())
                .isEqualTo(raw);

        RowData row =
                PbTestSchemas.decode(
                        Legacy.class,
                        ROW(FIELD("id", BIGINT()), FIELD("name", STRING())),
                        message.toByteArray());

        assertThat(row.getLong(0)).isEqualTo(1);
        assertThat(row.getString(1).toBytes()).isEqualTo(raw);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertDecodeFails(byte[] bytes) {
        PbRowDataDeserializationSchema decoder =
                PbTestSchemas.decoder(Everything.class, TYPE, PbFormatConfig.defaults());
        return assertThatThrownBy(() -> decoder.deserialize(bytes))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(
                        "Cannot decode protobuf message 'flinkext.test.Everything': ")
                .hasMessageContaining("at byte offset ")
                .hasMessageEndingWith(
                        "Set 'pb.ignore-parse-errors' = 'true' to skip such messages.");
    }

    private static byte[] concat(Object... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof ByteString) {
                ((ByteString) part).writeTo(out);
            } else {
                out.write((byte[]) part);
            }
        }
        return out.toByteArray();
    }
}
