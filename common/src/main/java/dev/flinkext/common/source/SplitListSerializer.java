package dev.flinkext.common.source;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The checkpointed state of a {@link PullSplitEnumerator}, version 1: the count of splits, then
 * each split as its own serializer writes it, with that serializer's version and the length, so a
 * later split format can still read older state.
 *
 * @param <SplitT> the source's split
 */
public final class SplitListSerializer<SplitT> implements SimpleVersionedSerializer<List<SplitT>> {

    private static final int VERSION = 1;

    private final String sourceName;
    private final SimpleVersionedSerializer<SplitT> splits;

    /**
     * @param sourceName names the source in errors, e.g. "Kudu"
     * @param splits the source's split serializer
     */
    public SplitListSerializer(String sourceName, SimpleVersionedSerializer<SplitT> splits) {
        this.sourceName = sourceName;
        this.splits = splits;
    }

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(List<SplitT> list) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeInt(list.size());
        for (SplitT split : list) {
            byte[] bytes = splits.serialize(split);
            out.writeInt(splits.getVersion());
            out.writeInt(bytes.length);
            out.write(bytes);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public List<SplitT> deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException(
                    "Unknown "
                            + sourceName
                            + " enumerator state version "
                            + version
                            + " (this build reads "
                            + VERSION
                            + ")");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        int n = in.readInt();
        List<SplitT> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int splitVersion = in.readInt();
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            list.add(splits.deserialize(splitVersion, bytes));
        }
        return list;
    }
}
