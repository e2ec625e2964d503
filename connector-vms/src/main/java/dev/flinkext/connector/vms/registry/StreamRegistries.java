package dev.flinkext.connector.vms.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/** Finds the {@link StreamRegistryFactory} for an identifier and creates its registry. */
public final class StreamRegistries {

    private StreamRegistries() {}

    /**
     * The registry named {@code identifier}, created from {@code options} (keys without {@code
     * optionPrefix}, which messages put back so that they name the table option).
     *
     * @throws IllegalArgumentException for an unknown identifier, a missing or an unknown option
     */
    public static StreamRegistry create(
            String identifier,
            Map<String, String> options,
            String optionPrefix,
            ClassLoader classLoader) {
        StreamRegistryFactory factory = factory(identifier, classLoader);
        Set<String> missing = new TreeSet<>(factory.requiredOptions());
        missing.removeAll(options.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(
                    "Registry '"
                            + identifier
                            + "' needs option(s) "
                            + prefixed(missing, optionPrefix));
        }
        Set<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(factory.requiredOptions());
        unknown.removeAll(factory.optionalOptions());
        if (!unknown.isEmpty()) {
            Set<String> known = new TreeSet<>(factory.requiredOptions());
            known.addAll(factory.optionalOptions());
            throw new IllegalArgumentException(
                    "Registry '"
                            + identifier
                            + "' does not know option(s) "
                            + prefixed(unknown, optionPrefix)
                            + "; it takes "
                            + prefixed(known, optionPrefix));
        }
        return factory.create(options);
    }

    private static StreamRegistryFactory factory(String identifier, ClassLoader classLoader) {
        List<StreamRegistryFactory> matching = new ArrayList<>();
        Set<String> available = new TreeSet<>();
        for (StreamRegistryFactory f :
                ServiceLoader.load(StreamRegistryFactory.class, classLoader)) {
            available.add(f.identifier());
            if (f.identifier().equals(identifier)) {
                matching.add(f);
            }
        }
        if (matching.isEmpty()) {
            throw new IllegalArgumentException(
                    "No stream registry '"
                            + identifier
                            + "' on the class path; available: "
                            + available);
        }
        if (matching.size() > 1) {
            throw new IllegalArgumentException(
                    "More than one stream registry is named '"
                            + identifier
                            + "': "
                            + matching.stream().map(f -> f.getClass().getName()).toList());
        }
        return matching.get(0);
    }

    private static List<String> prefixed(Set<String> keys, String prefix) {
        return keys.stream().map(k -> prefix + k).toList();
    }
}
