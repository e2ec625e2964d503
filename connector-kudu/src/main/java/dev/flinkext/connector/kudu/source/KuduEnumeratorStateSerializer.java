package dev.flinkext.connector.kudu.source;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The enumerator's state, version 1: the splits not handed out yet (each as split version 1). */
public final class KuduEnumeratorStateSerializer
        implements SimpleVersionedSerializer<List<KuduSourceSplit>> {

    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(List<KuduSourceSplit> splits) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeInt(splits.size());
        for (KuduSourceSplit split : splits) {
            KuduSourceSplitSerializer.write(split, out);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public List<KuduSourceSplit> deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException(
                    "Unknown Kudu enumerator state version "
                            + version
                            + " (this build reads "
                            + VERSION
                            + ")");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        int n = in.readInt();
        List<KuduSourceSplit> splits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            splits.add(KuduSourceSplitSerializer.read(in));
        }
        return splits;
    }
}
