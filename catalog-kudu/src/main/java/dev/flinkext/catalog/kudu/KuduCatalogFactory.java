package dev.flinkext.catalog.kudu;

import dev.flinkext.connector.kudu.config.KuduConnectionOptions;
import dev.flinkext.connector.kudu.config.KuduConnectionOptionsResolver;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.factories.CatalogFactory;
import org.apache.flink.table.factories.FactoryUtil;

import java.util.Set;

/** {@code CREATE CATALOG kudu WITH ('type' = 'kudu', 'masters' = '...')}. */
public final class KuduCatalogFactory implements CatalogFactory {

    @Override
    public String factoryIdentifier() {
        return KuduCatalogOptions.IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return KuduCatalogOptions.requiredOptions();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return KuduCatalogOptions.optionalOptions();
    }

    @Override
    public Catalog createCatalog(Context context) {
        FactoryUtil.CatalogFactoryHelper helper =
                FactoryUtil.createCatalogFactoryHelper(this, context);
        helper.validate();
        KuduConnectionOptions connection =
                KuduConnectionOptionsResolver.resolve(helper.getOptions());
        return new KuduCatalog(
                context.getName(),
                helper.getOptions().get(KuduCatalogOptions.DEFAULT_DATABASE),
                connection,
                helper.getOptions().get(KuduCatalogOptions.CREATE_IMPALA_NAMES));
    }
}
