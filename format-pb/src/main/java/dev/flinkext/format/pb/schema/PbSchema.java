package dev.flinkext.format.pb.schema;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Which protobuf message a table reads or writes: the message's full name plus a self-contained
 * descriptor set. It is what travels with the job, so the task managers need neither the generated
 * classes nor the descriptor file: both are read once, where the job is planned.
 */
public final class PbSchema implements Serializable {

    private static final long serialVersionUID = 1L;

    private final byte[] descriptorSet;
    private final String messageName;
    private final String origin;

    private transient Descriptor descriptor;

    private PbSchema(byte[] descriptorSet, String messageName, String origin, Descriptor resolved) {
        this.descriptorSet = descriptorSet;
        this.messageName = messageName;
        this.origin = origin;
        this.descriptor = resolved;
    }

    /** The message of a protoc-generated class (on this class path). */
    public static PbSchema ofMessageClass(Class<?> messageClass) {
        return MessageClassDescriptors.load(messageClass);
    }

    /** The message of a protoc-generated class, loaded by name from {@code loader}. */
    public static PbSchema ofMessageClass(String className, ClassLoader loader) {
        return MessageClassDescriptors.load(className, loader);
    }

    /**
     * A message of a {@code FileDescriptorSet} (what {@code protoc --descriptor_set_out} writes).
     * Imports missing from the set may only be protobuf's well-known types.
     */
    public static PbSchema ofDescriptorSet(byte[] descriptorSetBytes, String messageName) {
        return ofDescriptorSet(descriptorSetBytes, messageName, "a descriptor set");
    }

    /** A message of a descriptor set file, read through Flink's file systems (any scheme). */
    public static PbSchema ofDescriptorFile(String pathOrUri, String messageName) {
        return ofDescriptorSet(
                DescriptorFiles.read(pathOrUri),
                messageName,
                "descriptor file '" + pathOrUri + "'");
    }

    static PbSchema ofDescriptorSet(byte[] bytes, String messageName, String origin) {
        String name = messageName.startsWith(".") ? messageName.substring(1) : messageName;
        FileDescriptorSet set = DescriptorSets.parse(bytes, origin);
        Descriptor resolved = DescriptorSets.findMessage(set, name, origin);
        return new PbSchema(bytes, name, origin, resolved);
    }

    /** The message's descriptor (rebuilt from the shipped bytes after deserialization). */
    public Descriptor descriptor() {
        if (descriptor == null) {
            descriptor =
                    DescriptorSets.findMessage(
                            DescriptorSets.parse(descriptorSet, origin), messageName, origin);
        }
        return descriptor;
    }

    /** Full protobuf name, e.g. {@code shop.v1.Order}. */
    public String messageName() {
        return messageName;
    }

    /** Where the schema came from, for error messages. */
    public String origin() {
        return origin;
    }

    /**
     * Equal when they describe the same message with the same descriptors (same schema version).
     */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PbSchema)) {
            return false;
        }
        PbSchema that = (PbSchema) o;
        return messageName.equals(that.messageName)
                && Arrays.equals(descriptorSet, that.descriptorSet);
    }

    @Override
    public int hashCode() {
        return 31 * messageName.hashCode() + Arrays.hashCode(descriptorSet);
    }

    @Override
    public String toString() {
        return "PbSchema{" + messageName + " from " + origin + "}";
    }
}
