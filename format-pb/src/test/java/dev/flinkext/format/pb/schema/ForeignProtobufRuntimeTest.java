package dev.flinkext.format.pb.schema;

import dev.flinkext.format.pb.testproto.Everything;

import com.google.protobuf.Message;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job jar that bundles its own protobuf-java, loaded child-first: the generated class and its
 * descriptor objects belong to another copy of protobuf than the format's. The schema must still be
 * read (by reflection, down to bytes), never cast.
 */
class ForeignProtobufRuntimeTest {

    @Test
    void aClassLinkedAgainstAnotherProtobufCopyIsRead() throws Exception {
        URL protobufJar = Message.class.getProtectionDomain().getCodeSource().getLocation();
        URL generatedClasses = Everything.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader jobJar =
                new URLClassLoader(new URL[] {generatedClasses, protobufJar}, null)) {
            Class<?> foreign =
                    Class.forName("dev.flinkext.format.pb.testproto.Everything", true, jobJar);
            Class<?> foreignMessage = Class.forName("com.google.protobuf.Message", false, jobJar);
            assertThat(foreignMessage).isNotSameAs(Message.class);

            PbSchema schema =
                    PbSchema.ofMessageClass("dev.flinkext.format.pb.testproto.Everything", jobJar);

            assertThat(schema.messageName()).isEqualTo("flinkext.test.Everything");
            assertThat(schema).isEqualTo(PbSchema.ofMessageClass(Everything.class));
            assertThat(schema.descriptor().findFieldByName("f_uint64")).isNotNull();
            assertThat(foreign.getClassLoader()).isSameAs(jobJar);
        }
    }
}
