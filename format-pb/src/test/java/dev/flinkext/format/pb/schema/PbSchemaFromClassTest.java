package dev.flinkext.format.pb.schema;

import dev.flinkext.format.pb.testproto.Color;
import dev.flinkext.format.pb.testproto.Everything;
import dev.flinkext.format.pb.testproto.EverythingOuterClass;
import dev.flinkext.format.pb.testproto.Inner;
import dev.flinkext.format.pb.testproto.Legacy;

import org.apache.flink.table.api.ValidationException;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code pb.message-class-name}: the schema of a protoc-generated class, or a clear refusal. */
class PbSchemaFromClassTest {

    @Test
    void readsTheMessageOfAClass() {
        PbSchema schema = PbSchema.ofMessageClass(Everything.class);

        assertThat(schema.messageName()).isEqualTo("flinkext.test.Everything");
        assertThat(schema.origin()).contains(Everything.class.getName());
        assertThat(schema.descriptor().toProto()).isEqualTo(Everything.getDescriptor().toProto());
        assertThat(schema.descriptor().getFile().getDependencies())
                .extracting(f -> f.getName())
                .containsExactly(
                        "google/protobuf/duration.proto",
                        "google/protobuf/timestamp.proto",
                        "google/protobuf/wrappers.proto");
    }

    @Test
    void readsANestedMessageClassAndAProto2Class() {
        assertThat(PbSchema.ofMessageClass(Legacy.Extra.class).messageName())
                .isEqualTo("flinkext.test.Legacy.Extra");
        assertThat(PbSchema.ofMessageClass(Legacy.class).descriptor().toProto())
                .isEqualTo(Legacy.getDescriptor().toProto());
        assertThat(PbSchema.ofMessageClass(Inner.class).messageName())
                .isEqualTo("flinkext.test.Inner");
    }

    @Test
    void loadsAClassByNameFromTheGivenLoader() {
        PbSchema schema =
                PbSchema.ofMessageClass(
                        "dev.flinkext.format.pb.testproto.Everything", getClass().getClassLoader());

        assertThat(schema.messageName()).isEqualTo("flinkext.test.Everything");
        assertThat(schema.descriptor().findFieldByName("choice_inner").getNumber()).isEqualTo(82);
    }

    @Test
    void aMissingClassNamesTheClassAndTheOption() throws Exception {
        assertThatThrownBy(
                        () ->
                                PbSchema.ofMessageClass(
                                        "com.acme.events.Click", getClass().getClassLoader()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'com.acme.events.Click'")
                .hasMessageContaining("'pb.message-class-name'")
                .hasMessageContaining("'pb.descriptor-file'");
        // a loader that does not see the test classes
        try (URLClassLoader isolated = new URLClassLoader(new URL[0], null)) {
            assertThatThrownBy(() -> PbSchema.ofMessageClass(Everything.class.getName(), isolated))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("'" + Everything.class.getName() + "'")
                    .hasMessageContaining("'pb.message-class-name'");
        }
    }

    @Test
    void aClassThatIsNoMessageIsRefusedClearly() {
        assertThatThrownBy(() -> PbSchema.ofMessageClass(String.class))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'java.lang.String' is not a protobuf message class");
        assertThatThrownBy(
                        () ->
                                PbSchema.ofMessageClass(
                                        "java.util.ArrayList", ClassLoader.getSystemClassLoader()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'java.util.ArrayList' is not a protobuf message class");
    }

    @Test
    void anEnumOrTheOuterClassOfAProtoFileIsRefusedClearly() {
        // both have a static getDescriptor(), of an enum and of a file
        assertThatThrownBy(() -> PbSchema.ofMessageClass(Color.class))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(
                        "'" + Color.class.getName() + "' is not a protobuf message class")
                .hasMessageContaining("EnumDescriptor");
        assertThatThrownBy(() -> PbSchema.ofMessageClass(EverythingOuterClass.class))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(
                        "'"
                                + EverythingOuterClass.class.getName()
                                + "' is not a protobuf message class")
                .hasMessageContaining("FileDescriptor");
    }
}
