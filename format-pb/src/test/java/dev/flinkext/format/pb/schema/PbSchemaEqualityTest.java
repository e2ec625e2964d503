package dev.flinkext.format.pb.schema;

import dev.flinkext.format.pb.testproto.Everything;
import dev.flinkext.format.pb.testproto.Inner;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Schemas are equal when they name the same message with the same descriptors. */
class PbSchemaEqualityTest {

    @Test
    void theSameMessageAndDescriptorsAreEqual() {
        assertThat(PbSchema.ofMessageClass(Everything.class))
                .isEqualTo(PbSchema.ofMessageClass(Everything.class))
                .hasSameHashCodeAs(PbSchema.ofMessageClass(Everything.class))
                .isNotEqualTo(PbSchema.ofMessageClass(Inner.class));
    }

    @Test
    void anotherVersionOfTheSameMessageIsNotEqual() {
        PbSchema schema = PbSchema.ofMessageClass(Everything.class);
        FileDescriptorSet.Builder evolved = FileDescriptorSet.newBuilder();
        for (var file : FileDescriptorSetOf.everything().getFileList()) {
            evolved.addFile(
                    file.getName().equals("flinkext/test/everything.proto")
                            ? file.toBuilder()
                                    .setOptions(
                                            file.getOptions().toBuilder()
                                                    .setJavaOuterClassname("Evolved"))
                                    .build()
                            : file);
        }
        PbSchema other =
                PbSchema.ofDescriptorSet(evolved.build().toByteArray(), "flinkext.test.Everything");
        assertThat(other).isNotEqualTo(schema);
        assertThat(other.descriptor().getFullName()).isEqualTo(schema.messageName());
    }

    /** The descriptor set a class-mode schema ships, rebuilt from the generated class. */
    private static final class FileDescriptorSetOf {
        static FileDescriptorSet everything() {
            FileDescriptorSet.Builder set = FileDescriptorSet.newBuilder();
            add(Everything.getDescriptor().getFile(), set, new java.util.HashSet<>());
            return set.build();
        }

        private static void add(
                com.google.protobuf.Descriptors.FileDescriptor file,
                FileDescriptorSet.Builder set,
                java.util.Set<String> seen) {
            if (!seen.add(file.getName())) {
                return;
            }
            for (var dependency : file.getDependencies()) {
                add(dependency, set, seen);
            }
            set.addFile(file.toProto());
        }
    }
}
