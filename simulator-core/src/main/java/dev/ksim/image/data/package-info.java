/**
 * What the database images of the catalogue hold while they run: a redis keyspace, MySQL's
 * databases and tables, MongoDB's databases and collections, each kept in memory per server and
 * answering the commands their clients send. A server keeps its data where its image does (the
 * catalogue's {@code dataDir}): on a volume mounted there it outlives the container (an emptyDir
 * for the pod's life, a PersistentVolumeClaim beyond it), otherwise a restart of the container
 * starts it empty, as on a real node.
 *
 * @see <a href="https://redis.io/docs/latest/commands/">Redis commands</a>
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/sql-statements.html">MySQL 8.0
 *     statements</a>
 * @see <a href="https://www.mongodb.com/docs/manual/reference/method/">mongosh methods</a>
 */
@NullMarked
package dev.ksim.image.data;

import org.jspecify.annotations.NullMarked;
