package dev.flinkext.connector.vms.registry;

import java.util.Map;
import java.util.Set;

/** {@code 'vms.registry' = 'file'} (the default): {@code vms.registry.file} names the file. */
public final class FileStreamRegistryFactory implements StreamRegistryFactory {

    public static final String IDENTIFIER = "file";

    /** The option key (after {@code vms.registry.}): a path or a URL. */
    public static final String FILE = "file";

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<String> requiredOptions() {
        return Set.of(FILE);
    }

    @Override
    public Set<String> optionalOptions() {
        return Set.of();
    }

    @Override
    public StreamRegistry create(Map<String, String> options) {
        return FileStreamRegistry.load(options.get(FILE));
    }
}
