package dev.flinkext.connector.kudu.source;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Version 1: split id, scan token bytes, rows emitted, snapshot timestamp. */
public final class KuduSourceSplitSerializer implements SimpleVersionedSerializer<KuduSourceSplit> {

    public static final KuduSourceSplitSerializer INSTANCE = new KuduSourceSplitSerializer();

    private static final int VERSION = 1;

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
        if (version != VERSION) {
            throw new IOException(
                    "Unknown Kudu split version "
                            + version
                            + " (this build reads "
                            + VERSION
                            + ")");
        }
        return read(new DataInputDeserializer(serialized));
    }

    static void write(KuduSourceSplit split, DataOutputView out) throws IOException {
        out.writeUTF(split.splitId());
        out.writeInt(split.token().length);
        out.write(split.token());
        out.writeLong(split.emitted());
        out.writeLong(split.snapshotTimestamp());
    }

    static KuduSourceSplit read(DataInputView in) throws IOException {
        String id = in.readUTF();
        byte[] token = new byte[in.readInt()];
        in.readFully(token);
        return new KuduSourceSplit(id, token, in.readLong(), in.readLong());
    }
}
