package dev.flinkext.udf.hll;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.factories.ModuleFactory;
import org.apache.flink.table.module.Module;

import java.util.Set;

/** Makes {@code LOAD MODULE hll} find {@link HllModule} (Java SPI); it has no options. */
public class HllModuleFactory implements ModuleFactory {

    public static final String IDENTIFIER = "hll";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of();
    }

    @Override
    public Module createModule(Context context) {
        return new HllModule();
    }
}
