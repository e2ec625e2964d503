package dev.flinkext.connector.kudu.source;

import dev.flinkext.connector.kudu.source.KuduSplitPosition.Phase;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Version 2: split id, scan token bytes, phase, timestamp, rows emitted, window end. Reads version
 * 1 (split id, token, rows emitted, snapshot timestamp: a snapshot split) too.
 */
public final class KuduSourceSplitSerializer implements SimpleVersionedSerializer<KuduSourceSplit> {

    public static final KuduSourceSplitSerializer INSTANCE = new KuduSourceSplitSerializer();

    private static final int VERSION = 2;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(KuduSourceSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(split.token().length + 64);
        write(split, out);
        return out.getCopyOfBuffer();
    }

    @Override
    public KuduSourceSplit deserialize(int version, byte[] serialized) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        return switch (version) {
            case 1 -> readVersion1(in);
            case VERSION -> read(in);
            default ->
                    throw new IOException(
                            "Unknown Kudu split version "
                                    + version
                                    + " (this build reads 1 and "
                                    + VERSION
                                    + ")");
        };
    }

    static void write(KuduSourceSplit split, DataOutputView out) throws IOException {
        out.writeUTF(split.splitId());
        out.writeInt(split.token().length);
        out.write(split.token());
        KuduSplitPosition position = split.position();
        out.writeByte(position.phase().ordinal());
        out.writeLong(position.timestamp());
        out.writeLong(position.emitted());
        out.writeLong(position.windowEnd());
    }

    static KuduSourceSplit read(DataInputView in) throws IOException {
        String id = in.readUTF();
        byte[] token = readToken(in);
        int phase = in.readByte();
        if (phase < 0 || phase >= Phase.values().length) {
            throw new IOException("Unknown phase " + phase + " of Kudu split " + id);
        }
        KuduSplitPosition position =
                new KuduSplitPosition(
                        Phase.values()[phase], in.readLong(), in.readLong(), in.readLong());
        return new KuduSourceSplit(id, token, position);
    }

    private static KuduSourceSplit readVersion1(DataInputView in) throws IOException {
        String id = in.readUTF();
        byte[] token = readToken(in);
        long emitted = in.readLong();
        long snapshot = in.readLong();
        return new KuduSourceSplit(
                id,
                token,
                new KuduSplitPosition(
                        Phase.SNAPSHOT, snapshot, emitted, KuduSplitPosition.NO_TIMESTAMP));
    }

    private static byte[] readToken(DataInputView in) throws IOException {
        byte[] token = new byte[in.readInt()];
        in.readFully(token);
        return token;
    }
}
