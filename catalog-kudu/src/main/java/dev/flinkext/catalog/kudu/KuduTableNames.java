package dev.flinkext.catalog.kudu;

import org.apache.flink.table.catalog.ObjectPath;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How Kudu table names map to Flink's (database, table), both ways. Kudu has no databases: a
 * database is the part of a name before its first dot.
 *
 * <ul>
 *   <li>{@code db.t} → ({@code db}, {@code t}); {@code db.t.x} → ({@code db}, {@code t.x}): the
 *       first dot splits (Impala's database names have no dot).
 *   <li>{@code impala::db.t} → ({@code db}, {@code t}): the prefix Impala gives the Kudu tables it
 *       creates is dropped.
 *   <li>A name without a dot ({@code t}, {@code impala::t}), or one that starts or ends with its
 *       first dot, → (default database, the whole name after any {@code impala::}).
 * </ul>
 *
 * <p>Several Kudu names can map to the same (database, table): {@code db.t} and {@code
 * impala::db.t}, or {@code t}, {@code default.t} and {@code impala::default.t} in the default
 * database. {@link #candidates} lists them in the order the catalog looks for them (the plain name
 * first, Impala's last); listings show such a table once.
 */
public final class KuduTableNames {

    /** The prefix of the Kudu tables Impala creates. */
    public static final String IMPALA_PREFIX = "impala::";

    private final String defaultDatabase;

    public KuduTableNames(String defaultDatabase) {
        this.defaultDatabase = Objects.requireNonNull(defaultDatabase, "defaultDatabase");
    }

    public String defaultDatabase() {
        return defaultDatabase;
    }

    /** The (database, table) of a Kudu table name. */
    public ObjectPath pathOf(String kuduName) {
        String name =
                kuduName.startsWith(IMPALA_PREFIX)
                        ? kuduName.substring(IMPALA_PREFIX.length())
                        : kuduName;
        int dot = name.indexOf('.');
        if (dot <= 0 || dot == name.length() - 1) {
            return new ObjectPath(defaultDatabase, name);
        }
        return new ObjectPath(name.substring(0, dot), name.substring(dot + 1));
    }

    /**
     * The Kudu names that map to {@code path}, in the order the catalog looks them up: the plain
     * one(s) first, then Impala's.
     */
    public List<String> candidates(ObjectPath path) {
        String db = path.getDatabaseName();
        String table = path.getObjectName();
        List<String> names = new ArrayList<>(4);
        if (db.equals(defaultDatabase)) {
            names.add(table);
        }
        names.add(db + "." + table);
        names.add(IMPALA_PREFIX + db + "." + table);
        if (db.equals(defaultDatabase)) {
            names.add(IMPALA_PREFIX + table);
        }
        names.removeIf(name -> !pathOf(name).equals(path));
        return names;
    }

    /**
     * The Kudu name CREATE TABLE gives {@code path}: {@code db.t} (the bare {@code t} in the
     * default database), or {@code impala::db.t} with {@code impalaNames}.
     *
     * @throws IllegalArgumentException when no Kudu name maps back to {@code path} (a database name
     *     with a dot, say)
     */
    public String nameForCreate(ObjectPath path, boolean impalaNames) {
        String db = path.getDatabaseName();
        String table = path.getObjectName();
        String name;
        if (impalaNames) {
            name = IMPALA_PREFIX + db + "." + table;
        } else if (db.equals(defaultDatabase) && table.indexOf('.') < 0) {
            name = table;
        } else {
            name = db + "." + table;
        }
        if (!pathOf(name).equals(path)) {
            throw new IllegalArgumentException(
                    "No Kudu table name maps to database '"
                            + db
                            + "' and table '"
                            + table
                            + "': a database name cannot contain a dot, and neither name can"
                            + " be empty.");
        }
        return name;
    }

    /**
     * The Kudu name of {@code path} renamed to {@code newTable} in the same form as {@code
     * kuduName} (Impala's prefix kept).
     */
    public String renamed(String kuduName, ObjectPath path, String newTable) {
        ObjectPath target = new ObjectPath(path.getDatabaseName(), newTable);
        return nameForCreate(target, kuduName.startsWith(IMPALA_PREFIX));
    }
}
