package dev.flinkext.connector.kudu.source;

import dev.flinkext.common.source.SplitListSerializer;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Version 2: the remaining splits as {@link SplitListSerializer} writes them (with its version and
 * the length), then the known tablet ids (-1 for none recorded), then the dropped ones. Reads
 * version 1, the bare split list of the enumerator before discovery, as state with no known tablets
 * recorded.
 */
public final class KuduEnumeratorStateSerializer
        implements SimpleVersionedSerializer<KuduEnumeratorState> {

    public static final KuduEnumeratorStateSerializer INSTANCE =
            new KuduEnumeratorStateSerializer();

    private static final int VERSION = 2;

    private static final SplitListSerializer<KuduSourceSplit> SPLITS =
            new SplitListSerializer<>("Kudu", KuduSourceSplitSerializer.INSTANCE);

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(KuduEnumeratorState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        byte[] splits = SPLITS.serialize(state.remaining());
        out.writeInt(SPLITS.getVersion());
        out.writeInt(splits.length);
        out.write(splits);
        if (state.known() == null) {
            out.writeInt(-1);
        } else {
            writeIds(state.known(), out);
        }
        writeIds(state.dropped(), out);
        return out.getCopyOfBuffer();
    }

    @Override
    public KuduEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version == 1) {
            return new KuduEnumeratorState(SPLITS.deserialize(1, serialized), null, Set.of());
        }
        if (version != VERSION) {
            throw new IOException(
                    "Unknown Kudu enumerator state version "
                            + version
                            + " (this build reads 1 and "
                            + VERSION
                            + ")");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        int splitsVersion = in.readInt();
        byte[] splits = new byte[in.readInt()];
        in.readFully(splits);
        List<KuduSourceSplit> remaining = SPLITS.deserialize(splitsVersion, splits);
        Set<String> known = readIds(in);
        Set<String> dropped = readIds(in);
        return new KuduEnumeratorState(remaining, known, dropped == null ? Set.of() : dropped);
    }

    private static void writeIds(Set<String> ids, DataOutputSerializer out) throws IOException {
        out.writeInt(ids.size());
        for (String id : ids) {
            out.writeUTF(id);
        }
    }

    private static Set<String> readIds(DataInputDeserializer in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        Set<String> ids = new HashSet<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(in.readUTF());
        }
        return ids;
    }
}
