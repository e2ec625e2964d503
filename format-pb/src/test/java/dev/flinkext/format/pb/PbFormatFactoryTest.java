package dev.flinkext.format.pb;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.TextElement;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.SerializationFormatFactory;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The factory as Flink sees it: found by SPI as 'pb', with documented options. */
class PbFormatFactoryTest {

    private static final ClassLoader LOADER = PbFormatFactoryTest.class.getClassLoader();

    @Test
    void isDiscoveredAsPbForReading() {
        DeserializationFormatFactory factory =
                FactoryUtil.discoverFactory(LOADER, DeserializationFormatFactory.class, "pb");

        assertThat(factory).isInstanceOf(PbFormatFactory.class);
        assertThat(factory.factoryIdentifier()).isEqualTo("pb");
    }

    @Test
    void isDiscoveredAsPbForWriting() {
        SerializationFormatFactory factory =
                FactoryUtil.discoverFactory(LOADER, SerializationFormatFactory.class, "pb");

        assertThat(factory).isInstanceOf(PbFormatFactory.class);
    }

    @Test
    void noOptionIsRequiredSinceTheMessageComesFromEitherOfTwoOptions() {
        assertThat(new PbFormatFactory().requiredOptions()).isEmpty();
    }

    @Test
    void optionalOptionsAreTheDocumentedOnesWithTheirDefaults() {
        Map<String, Object> defaults = new TreeMap<>();
        for (ConfigOption<?> option : new PbFormatFactory().optionalOptions()) {
            defaults.put(option.key(), option.hasDefaultValue() ? option.defaultValue() : "(none)");
        }

        assertThat(defaults)
                .containsOnly(
                        entry("message-class-name", "(none)"),
                        entry("descriptor-file", "(none)"),
                        entry("message-name", "(none)"),
                        entry("ignore-parse-errors", false),
                        entry("read-default-values", false),
                        entry("write-null-string-literal", ""),
                        entry("length-delimited", false),
                        entry("uint64-as-bigint", false),
                        entry("max-recursion-depth", 32));
    }

    @Test
    void everyOptionHasADescription() {
        PbFormatFactory factory = new PbFormatFactory();
        Set<ConfigOption<?>> options = new HashSet<>(factory.requiredOptions());
        options.addAll(factory.optionalOptions());

        Map<String, String> descriptions =
                options.stream()
                        .collect(
                                Collectors.toMap(
                                        ConfigOption::key,
                                        o ->
                                                o.description().getBlocks().stream()
                                                        .filter(TextElement.class::isInstance)
                                                        .map(b -> ((TextElement) b).getFormat())
                                                        .collect(Collectors.joining(" "))));

        assertThat(descriptions)
                .hasSize(9)
                .allSatisfy((key, text) -> assertThat(text).as(key).hasSizeGreaterThan(30));
    }
}
