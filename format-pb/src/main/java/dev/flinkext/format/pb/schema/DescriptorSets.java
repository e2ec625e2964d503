package dev.flinkext.format.pb.schema;

import org.apache.flink.table.api.ValidationException;

import com.google.protobuf.AnyProto;
import com.google.protobuf.ApiProto;
import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DurationProto;
import com.google.protobuf.EmptyProto;
import com.google.protobuf.FieldMaskProto;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.SourceContextProto;
import com.google.protobuf.StructProto;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.TypeProto;
import com.google.protobuf.WrappersProto;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds linked descriptors from a {@code FileDescriptorSet}, resolving imports in order. */
final class DescriptorSets {

    /** Imports a set may leave out: protobuf's own files, as compiled into protobuf-java. */
    private static final Map<String, FileDescriptor> WELL_KNOWN = new HashMap<>();

    static {
        for (FileDescriptor file :
                List.of(
                        AnyProto.getDescriptor(),
                        ApiProto.getDescriptor(),
                        DescriptorProtos.getDescriptor(),
                        DurationProto.getDescriptor(),
                        EmptyProto.getDescriptor(),
                        FieldMaskProto.getDescriptor(),
                        SourceContextProto.getDescriptor(),
                        StructProto.getDescriptor(),
                        TimestampProto.getDescriptor(),
                        TypeProto.getDescriptor(),
                        WrappersProto.getDescriptor())) {
            WELL_KNOWN.put(file.getName(), file);
        }
    }

    private DescriptorSets() {}

    static FileDescriptorSet parse(byte[] bytes, String origin) {
        try {
            FileDescriptorSet set = FileDescriptorSet.parseFrom(bytes);
            if (set.getFileCount() == 0) {
                throw new ValidationException(
                        "The protobuf "
                                + origin
                                + " holds no .proto file: write it with 'protoc --include_imports"
                                + " --descriptor_set_out=FILE your.proto'.");
            }
            return set;
        } catch (InvalidProtocolBufferException e) {
            throw new ValidationException(
                    "The protobuf "
                            + origin
                            + " is not a descriptor set (FileDescriptorSet): write it with 'protoc"
                            + " --include_imports --descriptor_set_out=FILE your.proto'.",
                    e);
        }
    }

    static Descriptor findMessage(FileDescriptorSet set, String fullName, String origin) {
        Map<String, FileDescriptorProto> byName = new HashMap<>();
        for (FileDescriptorProto file : set.getFileList()) {
            byName.putIfAbsent(file.getName(), file);
        }
        Map<String, FileDescriptor> built = new HashMap<>();
        List<String> messages = new ArrayList<>();
        for (FileDescriptorProto proto : set.getFileList()) {
            FileDescriptor file = build(proto.getName(), byName, built, origin, new ArrayList<>());
            for (Descriptor message : file.getMessageTypes()) {
                Descriptor found = find(message, fullName, messages);
                if (found != null) {
                    return found;
                }
            }
        }
        throw new ValidationException(
                "The protobuf "
                        + origin
                        + " has no message '"
                        + fullName
                        + "' (give the full name with its package). Messages it has: "
                        + messages.stream().limit(30).collect(Collectors.joining(", "))
                        + (messages.size() > 30 ? ", ..." : ""));
    }

    private static Descriptor find(Descriptor message, String fullName, List<String> seen) {
        if (message.getFullName().equals(fullName)) {
            return message;
        }
        if (!message.getOptions().getMapEntry()) {
            seen.add(message.getFullName());
        }
        for (Descriptor nested : message.getNestedTypes()) {
            Descriptor found = find(nested, fullName, seen);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static FileDescriptor build(
            String name,
            Map<String, FileDescriptorProto> byName,
            Map<String, FileDescriptor> built,
            String origin,
            List<String> importedBy) {
        FileDescriptor done = built.get(name);
        if (done != null) {
            return done;
        }
        FileDescriptorProto proto = byName.get(name);
        if (proto == null) {
            FileDescriptor wellKnown = WELL_KNOWN.get(name);
            if (wellKnown != null) {
                return wellKnown;
            }
            throw new ValidationException(
                    "The protobuf "
                            + origin
                            + " lacks '"
                            + name
                            + "', imported by '"
                            + importedBy.get(importedBy.size() - 1)
                            + "': write the set with 'protoc --include_imports'.");
        }
        if (importedBy.contains(name)) {
            throw new ValidationException(
                    "The protobuf " + origin + " has an import cycle through '" + name + "'.");
        }
        importedBy.add(name);
        FileDescriptor[] dependencies = new FileDescriptor[proto.getDependencyCount()];
        for (int i = 0; i < dependencies.length; i++) {
            dependencies[i] = build(proto.getDependency(i), byName, built, origin, importedBy);
        }
        importedBy.remove(importedBy.size() - 1);
        try {
            FileDescriptor file = FileDescriptor.buildFrom(proto, dependencies);
            built.put(name, file);
            return file;
        } catch (DescriptorValidationException e) {
            throw new ValidationException(
                    "The protobuf "
                            + origin
                            + " has an invalid file '"
                            + name
                            + "': "
                            + e.getMessage(),
                    e);
        }
    }
}
