package dev.flinkext.format.pb.schema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real protoc the build downloaded (protobuf-maven-plugin puts it under target/), run the way a
 * user writes a descriptor set.
 */
final class Protoc {

    /** Surefire runs in the module directory and sets {@code basedir} to it. */
    static final Path MODULE = Path.of(System.getProperty("basedir", "")).toAbsolutePath();

    static final Path DESCRIPTOR_ONLY = MODULE.resolve("src/test/resources/descriptor-only");

    private Protoc() {}

    /** Runs protoc with the well-known types and {@code protoPaths} on its proto path. */
    static void run(List<Path> protoPaths, String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(executable().toString());
        command.add("--proto_path=" + wellKnownTypes());
        for (Path protoPath : protoPaths) {
            command.add("--proto_path=" + protoPath);
        }
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("protoc finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("protoc %s failed: %s", command, output).isZero();
    }

    /** A descriptor set of src/test/resources/descriptor-only/orders.proto. */
    static Path ordersDescriptorSet(Path dir, boolean includeImports) throws Exception {
        Path out = dir.resolve(includeImports ? "orders-with-imports.desc" : "orders-alone.desc");
        List<String> arguments = new ArrayList<>();
        if (includeImports) {
            arguments.add("--include_imports");
        }
        arguments.add("--descriptor_set_out=" + out);
        arguments.add("orders.proto");
        run(List.of(DESCRIPTOR_ONLY), arguments.toArray(new String[0]));
        return out;
    }

    static Path executable() throws IOException {
        Path dir = MODULE.resolve("target/protoc-plugins");
        Optional<Path> protoc = Optional.empty();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                protoc =
                        files.filter(p -> p.getFileName().toString().startsWith("protoc-"))
                                .findFirst();
            }
        }
        assertThat(protoc)
                .as(
                        "protoc is expected under %s (the build downloads it while compiling the"
                                + " test protos: run 'mvn test-compile -pl format-pb' first)",
                        dir)
                .isPresent();
        assertThat(protoc.get()).isExecutable();
        return protoc.get();
    }

    /** The directory holding google/protobuf/*.proto, extracted by the build. */
    static Path wellKnownTypes() throws IOException {
        Path dir = MODULE.resolve("target/protoc-dependencies");
        Optional<Path> root = Optional.empty();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                root =
                        files.filter(p -> p.endsWith(Path.of("google/protobuf/timestamp.proto")))
                                .map(p -> p.getParent().getParent().getParent())
                                .findFirst();
            }
        }
        assertThat(root)
                .as(
                        "the well-known .proto files are expected under %s (extracted by the"
                                + " build: run 'mvn test-compile -pl format-pb' first)",
                        dir)
                .isPresent();
        return root.get();
    }
}
