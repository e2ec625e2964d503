package dev.flinkext.catalog.kudu;

import dev.flinkext.common.resource.SharedResources;
import dev.flinkext.connector.kudu.client.KuduClients;
import dev.flinkext.connector.kudu.config.KuduConnectionOptions;
import dev.flinkext.connector.kudu.config.KuduConnectorOptions;
import dev.flinkext.connector.kudu.mapping.KuduTypeMapping;

import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.AbstractCatalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogDatabase;
import org.apache.flink.table.catalog.CatalogDatabaseImpl;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.CatalogPartition;
import org.apache.flink.table.catalog.CatalogPartitionSpec;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.TableChange;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.catalog.exceptions.DatabaseAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotEmptyException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;
import org.apache.flink.table.catalog.exceptions.FunctionAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.FunctionNotExistException;
import org.apache.flink.table.catalog.exceptions.PartitionNotExistException;
import org.apache.flink.table.catalog.exceptions.TableAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.catalog.exceptions.TableNotPartitionedException;
import org.apache.flink.table.catalog.stats.CatalogColumnStatistics;
import org.apache.flink.table.catalog.stats.CatalogTableStatistics;
import org.apache.flink.table.expressions.Expression;
import org.apache.flink.util.TimeUtils;

import org.apache.kudu.ColumnSchema;
import org.apache.kudu.client.AlterTableOptions;
import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduException;
import org.apache.kudu.client.KuduTable;
import org.apache.kudu.client.KuduTableStatistics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A catalog over one Kudu cluster: its tables as Flink tables ({@link KuduTableNames} maps the
 * names), each read, written and looked up through the Kudu connector ({@code 'connector' =
 * 'kudu'}) with the schema, primary key, NOT NULL and comments Kudu holds. Nothing is cached: every
 * call asks the masters, so tables created or dropped outside Flink show at once.
 *
 * <p>The Kudu client is the connector's shared one ({@link KuduClients}), leased from {@link
 * #open()} to {@link #close()}.
 */
public class KuduCatalog extends AbstractCatalog {

    private final KuduConnectionOptions connection;
    private final KuduTableNames names;
    private final boolean impalaNames;
    private SharedResources.Lease<KuduClient> client;

    public KuduCatalog(
            String name,
            String defaultDatabase,
            KuduConnectionOptions connection,
            boolean impalaNames) {
        super(name, defaultDatabase);
        this.connection = connection;
        this.names = new KuduTableNames(defaultDatabase);
        this.impalaNames = impalaNames;
    }

    // ---------------------------------------------------------------- life cycle

    @Override
    public void open() throws CatalogException {
        if (client == null) {
            client = KuduClients.acquire(connection);
        }
    }

    @Override
    public void close() throws CatalogException {
        if (client != null) {
            try {
                client.close();
            } catch (Exception e) {
                throw new CatalogException(
                        "Cannot release the Kudu client of catalog '" + getName() + "'", e);
            } finally {
                client = null;
            }
        }
    }

    KuduClient client() {
        if (client == null) {
            throw new CatalogException("Kudu catalog '" + getName() + "' is not open.");
        }
        return client.get();
    }

    KuduTableNames names() {
        return names;
    }

    // ---------------------------------------------------------------- databases

    @Override
    public List<String> listDatabases() throws CatalogException {
        Set<String> databases = new TreeSet<>();
        databases.add(getDefaultDatabase());
        for (String kuduName : kuduTableNames()) {
            databases.add(names.pathOf(kuduName).getDatabaseName());
        }
        return new ArrayList<>(databases);
    }

    @Override
    public CatalogDatabase getDatabase(String databaseName)
            throws DatabaseNotExistException, CatalogException {
        if (!databaseExists(databaseName)) {
            throw new DatabaseNotExistException(getName(), databaseName);
        }
        return new CatalogDatabaseImpl(
                Map.of(),
                "Kudu tables named '"
                        + databaseName
                        + ".<table>' or 'impala::"
                        + databaseName
                        + ".<table>'"
                        + (databaseName.equals(getDefaultDatabase())
                                ? ", and those without a dot"
                                : ""));
    }

    @Override
    public boolean databaseExists(String databaseName) throws CatalogException {
        if (databaseName.equals(getDefaultDatabase())) {
            return true;
        }
        for (String kuduName : kuduTableNames()) {
            if (names.pathOf(kuduName).getDatabaseName().equals(databaseName)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void createDatabase(String name, CatalogDatabase database, boolean ignoreIfExists)
            throws DatabaseAlreadyExistException, CatalogException {
        if (databaseExists(name)) {
            if (ignoreIfExists) {
                return;
            }
            throw new DatabaseAlreadyExistException(getName(), name);
        }
        throw new CatalogException(
                "Kudu has no databases: a database of catalog '"
                        + getName()
                        + "' is the prefix '"
                        + name
                        + ".' of Kudu table names, and exists once a table has it. Create a"
                        + " table in it instead (CREATE TABLE `"
                        + getName()
                        + "`.`"
                        + name
                        + "`.`t` ...).");
    }

    @Override
    public void dropDatabase(String name, boolean ignoreIfNotExists, boolean cascade)
            throws DatabaseNotExistException, DatabaseNotEmptyException, CatalogException {
        if (!databaseExists(name)) {
            if (ignoreIfNotExists) {
                return;
            }
            throw new DatabaseNotExistException(getName(), name);
        }
        throw new CatalogException(
                "Kudu has no databases: database '"
                        + name
                        + "' of catalog '"
                        + getName()
                        + "' is a prefix of Kudu table names; drop its tables instead.");
    }

    @Override
    public void alterDatabase(String name, CatalogDatabase newDatabase, boolean ignoreIfNotExists)
            throws DatabaseNotExistException, CatalogException {
        throw new CatalogException(
                "Kudu has no databases: database '" + name + "' has nothing to alter.");
    }

    // ---------------------------------------------------------------- tables

    @Override
    public List<String> listTables(String databaseName)
            throws DatabaseNotExistException, CatalogException {
        Set<String> tables = new TreeSet<>();
        for (String kuduName : kuduTableNames()) {
            ObjectPath path = names.pathOf(kuduName);
            if (path.getDatabaseName().equals(databaseName)) {
                tables.add(path.getObjectName());
            }
        }
        if (tables.isEmpty() && !databaseName.equals(getDefaultDatabase())) {
            throw new DatabaseNotExistException(getName(), databaseName);
        }
        return new ArrayList<>(tables);
    }

    @Override
    public List<String> listViews(String databaseName)
            throws DatabaseNotExistException, CatalogException {
        if (!databaseExists(databaseName)) {
            throw new DatabaseNotExistException(getName(), databaseName);
        }
        return List.of();
    }

    @Override
    public CatalogBaseTable getTable(ObjectPath tablePath)
            throws TableNotExistException, CatalogException {
        String kuduName = kuduNameOf(tablePath);
        KuduTable table;
        try {
            table = client().openTable(kuduName);
        } catch (KuduException e) {
            if (e.getStatus().isNotFound()) {
                throw new TableNotExistException(getName(), tablePath, e);
            }
            throw failure("open Kudu table '" + kuduName + "'", e);
        }
        return catalogTableOf(table);
    }

    /** The catalog's view of a Kudu table: schema, key, comments, connector options. */
    CatalogTable catalogTableOf(KuduTable table) {
        org.apache.kudu.Schema kudu = table.getSchema();
        Schema.Builder schema = Schema.newBuilder();
        for (ColumnSchema column : kudu.getColumns()) {
            schema.column(column.getName(), KuduTypeMapping.flinkTypeOf(column));
            String comment = column.getComment();
            if (comment != null && !comment.isEmpty()) {
                schema.withComment(comment);
            }
        }
        List<String> key = new ArrayList<>();
        for (ColumnSchema column : kudu.getPrimaryKeyColumns()) {
            key.add(column.getName());
        }
        if (!key.isEmpty()) {
            schema.primaryKey(key);
        }
        String comment = table.getComment();
        return CatalogTable.newBuilder()
                .schema(schema.build())
                .comment(comment == null || comment.isEmpty() ? null : comment)
                .partitionKeys(List.of())
                .options(connectorOptions(table.getName()))
                .build();
    }

    /** The options that make the Kudu connector read, write and look up {@code kuduName}. */
    Map<String, String> connectorOptions(String kuduName) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("connector", "kudu");
        options.put(KuduConnectorOptions.MASTERS.key(), connection.masterAddresses());
        options.put(KuduConnectorOptions.TABLE_NAME.key(), kuduName);
        options.put(
                KuduConnectorOptions.CLIENT_OPERATION_TIMEOUT.key(),
                TimeUtils.formatWithHighestUnit(connection.operationTimeout()));
        options.put(
                KuduConnectorOptions.CLIENT_ADMIN_TIMEOUT.key(),
                TimeUtils.formatWithHighestUnit(connection.adminTimeout()));
        connection
                .saslProtocolName()
                .ifPresent(
                        name ->
                                options.put(
                                        KuduConnectorOptions.CLIENT_SASL_PROTOCOL_NAME.key(),
                                        name));
        return options;
    }

    @Override
    public boolean tableExists(ObjectPath tablePath) throws CatalogException {
        return findKuduName(tablePath).isPresent();
    }

    /**
     * The Kudu name of {@code path}: the first of {@link KuduTableNames#candidates} that exists.
     */
    Optional<String> findKuduName(ObjectPath path) {
        List<String> candidates = names.candidates(path);
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        Set<String> existing = new LinkedHashSet<>(kuduTableNames());
        return candidates.stream().filter(existing::contains).findFirst();
    }

    String kuduNameOf(ObjectPath path) throws TableNotExistException {
        return findKuduName(path).orElseThrow(() -> new TableNotExistException(getName(), path));
    }

    /** Every Kudu table name on the cluster. */
    List<String> kuduTableNames() {
        try {
            return client().getTablesList().getTablesList();
        } catch (KuduException e) {
            throw failure("list the Kudu tables", e);
        }
    }

    CatalogException failure(String what, Exception e) {
        return new CatalogException(
                "Kudu catalog '"
                        + getName()
                        + "' cannot "
                        + what
                        + " on masters "
                        + connection.masterAddresses()
                        + ": "
                        + e.getMessage(),
                e);
    }

    @Override
    public void dropTable(ObjectPath tablePath, boolean ignoreIfNotExists)
            throws TableNotExistException, CatalogException {
        Optional<String> kuduName = findKuduName(tablePath);
        if (kuduName.isEmpty()) {
            if (ignoreIfNotExists) {
                return;
            }
            throw new TableNotExistException(getName(), tablePath);
        }
        try {
            client().deleteTable(kuduName.get());
        } catch (KuduException e) {
            if (e.getStatus().isNotFound() && ignoreIfNotExists) {
                return;
            }
            throw failure("drop Kudu table '" + kuduName.get() + "'", e);
        }
    }

    @Override
    public void renameTable(ObjectPath tablePath, String newTableName, boolean ignoreIfNotExists)
            throws TableNotExistException, TableAlreadyExistException, CatalogException {
        Optional<String> kuduName = findKuduName(tablePath);
        if (kuduName.isEmpty()) {
            if (ignoreIfNotExists) {
                return;
            }
            throw new TableNotExistException(getName(), tablePath);
        }
        ObjectPath target = new ObjectPath(tablePath.getDatabaseName(), newTableName);
        if (tableExists(target)) {
            throw new TableAlreadyExistException(getName(), target);
        }
        String newKuduName;
        try {
            newKuduName = names.renamed(kuduName.get(), tablePath, newTableName);
        } catch (IllegalArgumentException e) {
            throw new CatalogException(e.getMessage(), e);
        }
        try {
            client().alterTable(kuduName.get(), new AlterTableOptions().renameTable(newKuduName));
        } catch (KuduException e) {
            throw failure("rename Kudu table '" + kuduName.get() + "' to '" + newKuduName + "'", e);
        }
    }

    /**
     * Creates the Kudu table: named by {@link KuduTableNames#nameForCreate}, its schema and
     * partitions from {@link KuduTableDdl} (table options in {@link KuduTableOptions}).
     */
    @Override
    public void createTable(ObjectPath tablePath, CatalogBaseTable table, boolean ignoreIfExists)
            throws TableAlreadyExistException, DatabaseNotExistException, CatalogException {
        if (tableExists(tablePath)) {
            if (ignoreIfExists) {
                return;
            }
            throw new TableAlreadyExistException(getName(), tablePath);
        }
        String kuduName;
        try {
            kuduName = names.nameForCreate(tablePath, impalaNames);
        } catch (IllegalArgumentException e) {
            throw new CatalogException(e.getMessage(), e);
        }
        KuduTableDdl ddl = KuduTableDdl.of(kuduName, table);
        try {
            client().createTable(kuduName, ddl.schema, ddl.options);
        } catch (KuduException e) {
            throw failure("create Kudu table '" + kuduName + "'", e);
        }
    }

    @Override
    public void alterTable(
            ObjectPath tablePath, CatalogBaseTable newTable, boolean ignoreIfNotExists)
            throws TableNotExistException, CatalogException {
        throw new CatalogException(
                "Kudu catalog '"
                        + getName()
                        + "': ALTER TABLE takes column changes (ADD, DROP, RENAME, COMMENT) and SET"
                        + " of 'comment' and 'partition.range.partitions' only.");
    }

    /** ALTER TABLE: the changes {@link KuduTableAlter} accepts, in one Kudu alter. */
    @Override
    public void alterTable(
            ObjectPath tablePath,
            CatalogBaseTable newTable,
            List<TableChange> tableChanges,
            boolean ignoreIfNotExists)
            throws TableNotExistException, CatalogException {
        Optional<String> kuduName = findKuduName(tablePath);
        if (kuduName.isEmpty()) {
            if (ignoreIfNotExists) {
                return;
            }
            throw new TableNotExistException(getName(), tablePath);
        }
        AlterTableOptions alter;
        try {
            alter =
                    KuduTableAlter.of(
                            getName(),
                            client().openTable(kuduName.get()),
                            tableChanges,
                            connection.adminTimeout().toMillis());
        } catch (KuduException e) {
            throw failure("open Kudu table '" + kuduName.get() + "'", e);
        }
        if (alter == null) {
            return; // e.g. SET of the ranges the table has
        }
        try {
            client().alterTable(kuduName.get(), alter);
        } catch (KuduException e) {
            throw failure("alter Kudu table '" + kuduName.get() + "'", e);
        }
    }

    // ---------------------------------------------------------------- partitions: none in Flink's
    // sense

    @Override
    public List<CatalogPartitionSpec> listPartitions(ObjectPath tablePath)
            throws TableNotExistException, TableNotPartitionedException, CatalogException {
        throw new TableNotPartitionedException(getName(), tablePath);
    }

    @Override
    public List<CatalogPartitionSpec> listPartitions(
            ObjectPath tablePath, CatalogPartitionSpec partitionSpec)
            throws TableNotExistException, TableNotPartitionedException, CatalogException {
        throw new TableNotPartitionedException(getName(), tablePath);
    }

    @Override
    public List<CatalogPartitionSpec> listPartitionsByFilter(
            ObjectPath tablePath, List<Expression> filters)
            throws TableNotExistException, TableNotPartitionedException, CatalogException {
        throw new TableNotPartitionedException(getName(), tablePath);
    }

    @Override
    public CatalogPartition getPartition(ObjectPath tablePath, CatalogPartitionSpec partitionSpec)
            throws PartitionNotExistException, CatalogException {
        throw new PartitionNotExistException(getName(), tablePath, partitionSpec);
    }

    @Override
    public boolean partitionExists(ObjectPath tablePath, CatalogPartitionSpec partitionSpec)
            throws CatalogException {
        return false;
    }

    @Override
    public void createPartition(
            ObjectPath tablePath,
            CatalogPartitionSpec partitionSpec,
            CatalogPartition partition,
            boolean ignoreIfExists)
            throws CatalogException {
        throw new CatalogException(
                "Kudu tables have no Flink partitions; Kudu's own partitions are given as"
                        + " table options at CREATE TABLE.");
    }

    @Override
    public void dropPartition(
            ObjectPath tablePath, CatalogPartitionSpec partitionSpec, boolean ignoreIfNotExists)
            throws PartitionNotExistException, CatalogException {
        throw new PartitionNotExistException(getName(), tablePath, partitionSpec);
    }

    @Override
    public void alterPartition(
            ObjectPath tablePath,
            CatalogPartitionSpec partitionSpec,
            CatalogPartition newPartition,
            boolean ignoreIfNotExists)
            throws PartitionNotExistException, CatalogException {
        throw new PartitionNotExistException(getName(), tablePath, partitionSpec);
    }

    // ---------------------------------------------------------------- functions: none

    @Override
    public List<String> listFunctions(String dbName)
            throws DatabaseNotExistException, CatalogException {
        if (!databaseExists(dbName)) {
            throw new DatabaseNotExistException(getName(), dbName);
        }
        return List.of();
    }

    @Override
    public CatalogFunction getFunction(ObjectPath functionPath)
            throws FunctionNotExistException, CatalogException {
        throw new FunctionNotExistException(getName(), functionPath);
    }

    @Override
    public boolean functionExists(ObjectPath functionPath) throws CatalogException {
        return false;
    }

    @Override
    public void createFunction(
            ObjectPath functionPath, CatalogFunction function, boolean ignoreIfExists)
            throws FunctionAlreadyExistException, DatabaseNotExistException, CatalogException {
        throw new CatalogException(
                "The Kudu catalog holds no functions; create '"
                        + functionPath
                        + "' as a temporary function or in another catalog.");
    }

    @Override
    public void alterFunction(
            ObjectPath functionPath, CatalogFunction newFunction, boolean ignoreIfNotExists)
            throws FunctionNotExistException, CatalogException {
        throw new FunctionNotExistException(getName(), functionPath);
    }

    @Override
    public void dropFunction(ObjectPath functionPath, boolean ignoreIfNotExists)
            throws FunctionNotExistException, CatalogException {
        if (!ignoreIfNotExists) {
            throw new FunctionNotExistException(getName(), functionPath);
        }
    }

    // ---------------------------------------------------------------- statistics

    @Override
    public CatalogTableStatistics getTableStatistics(ObjectPath tablePath)
            throws TableNotExistException, CatalogException {
        String kuduName = kuduNameOf(tablePath);
        try {
            KuduTableStatistics statistics = client().openTable(kuduName).getTableStatistics();
            long rows = statistics.getLiveRowCount();
            long bytes = statistics.getOnDiskSize();
            if (rows < 0) {
                return CatalogTableStatistics.UNKNOWN; // masters too old to count live rows
            }
            return new CatalogTableStatistics(rows, -1, bytes, -1);
        } catch (KuduException e) {
            if (e.getStatus().isNotFound()) {
                throw new TableNotExistException(getName(), tablePath, e);
            }
            throw failure("read the statistics of Kudu table '" + kuduName + "'", e);
        }
    }

    @Override
    public CatalogColumnStatistics getTableColumnStatistics(ObjectPath tablePath)
            throws TableNotExistException, CatalogException {
        return CatalogColumnStatistics.UNKNOWN;
    }

    @Override
    public CatalogTableStatistics getPartitionStatistics(
            ObjectPath tablePath, CatalogPartitionSpec partitionSpec)
            throws PartitionNotExistException, CatalogException {
        return CatalogTableStatistics.UNKNOWN;
    }

    @Override
    public CatalogColumnStatistics getPartitionColumnStatistics(
            ObjectPath tablePath, CatalogPartitionSpec partitionSpec)
            throws PartitionNotExistException, CatalogException {
        return CatalogColumnStatistics.UNKNOWN;
    }

    @Override
    public void alterTableStatistics(
            ObjectPath tablePath, CatalogTableStatistics tableStatistics, boolean ignoreIfNotExists)
            throws CatalogException {
        throw new CatalogException("Kudu keeps its own statistics; they cannot be altered.");
    }

    @Override
    public void alterTableColumnStatistics(
            ObjectPath tablePath,
            CatalogColumnStatistics columnStatistics,
            boolean ignoreIfNotExists)
            throws CatalogException {
        throw new CatalogException("Kudu keeps its own statistics; they cannot be altered.");
    }

    @Override
    public void alterPartitionStatistics(
            ObjectPath tablePath,
            CatalogPartitionSpec partitionSpec,
            CatalogTableStatistics partitionStatistics,
            boolean ignoreIfNotExists)
            throws CatalogException {
        throw new CatalogException("Kudu tables have no Flink partitions.");
    }

    @Override
    public void alterPartitionColumnStatistics(
            ObjectPath tablePath,
            CatalogPartitionSpec partitionSpec,
            CatalogColumnStatistics columnStatistics,
            boolean ignoreIfNotExists)
            throws CatalogException {
        throw new CatalogException("Kudu tables have no Flink partitions.");
    }
}
