package dev.flinkext.testing.kudu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Finds processes by their command line, read from /proc (Linux). */
final class ProcessScan {

    private ProcessScan() {}

    /** The live processes with an argument that contains {@code text}. */
    static List<ProcessHandle> withArgumentContaining(String text) {
        return ProcessHandle.allProcesses()
                .filter(p -> commandLine(p.pid()).contains(text))
                .collect(Collectors.toList());
    }

    /** The command line of {@code pid}, arguments separated by spaces; empty if it is gone. */
    static String commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | SecurityException e) {
            return "";
        }
    }
}
