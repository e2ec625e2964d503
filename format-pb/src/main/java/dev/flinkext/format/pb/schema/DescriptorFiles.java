package dev.flinkext.format.pb.schema;

import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.api.ValidationException;

import java.io.IOException;

/** Reads a descriptor set file through Flink's file systems, so s3://, hdfs://... work too. */
final class DescriptorFiles {

    private DescriptorFiles() {}

    static byte[] read(String pathOrUri) {
        try {
            Path path = new Path(pathOrUri);
            try (FSDataInputStream in = path.getFileSystem().open(path)) {
                return in.readAllBytes();
            }
        } catch (IOException | RuntimeException e) {
            throw new ValidationException(
                    "Cannot read the protobuf descriptor file '"
                            + pathOrUri
                            + "' ('pb.descriptor-file'): "
                            + e,
                    e);
        }
    }
}
