/**
 * A modern ClickHouse engine for tests: chdb (npm {@code chdb} 3.4.0 = ClickHouse 26.7 as the
 * library {@code libchdb.so}) loaded into the test JVM through JNA, for the types Debian's 18.16
 * server lacks (DateTime64, Map, Bool, Date32, IPv4, LowCardinality without the experimental
 * setting, ...).
 *
 * <ul>
 *   <li>{@link dev.flinkext.testing.clickhouse.chdb.ChdbExtension}: one {@link
 *       dev.flinkext.testing.clickhouse.chdb.ChdbEngine} per test class, also as a parameter.
 *   <li>{@link dev.flinkext.testing.clickhouse.chdb.ChdbEngine}: {@code execute}, {@code query}
 *       (TabSeparated or any format), {@code queryRows}, {@code queryBytes}, {@code
 *       insertRowBinary(table, bytes)}, {@code insertRowBinary(table, structure, bytes)}, {@code
 *       insert(sql, format, bytes)}.
 *   <li>{@link dev.flinkext.testing.clickhouse.chdb.ChdbLibrary}: finds or installs {@code
 *       libchdb.so}.
 * </ul>
 *
 * <p>What was found running it inside the JVM (chdb 3.4.0, OpenJDK 17):
 *
 * <ul>
 *   <li>ClickHouse's own signal handlers must stay off ({@code chdb_set_signal_handlers_enabled(0)}
 *       before the first connect, done by {@code ChdbEngine}): with them, the JVM hung at its first
 *       implicit null check (a SIGSEGV the JVM turns into a NullPointerException).
 *   <li>The library must never be unloaded: JNA dlcloses libraries at JVM exit, while ClickHouse's
 *       threads still run, which crashed most exiting JVMs with SIGSEGV. {@code ChdbEngine} loads
 *       it with {@code RTLD_NODELETE}.
 *   <li>{@code INSERT ... SELECT ... FROM input(...)} never returns in chdb; the streaming INSERT
 *       API refuses {@code INSERT ... SELECT}. Bytes for another structure than the table's go
 *       through {@code file(path, 'RowBinary', structure)}.
 *   <li>One storage path per process: every {@code ChdbEngine} is a connection to the JVM's one
 *       engine, with a database of its own.
 * </ul>
 */
package dev.flinkext.testing.clickhouse.chdb;
