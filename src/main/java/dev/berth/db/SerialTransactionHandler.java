package dev.berth.db;

import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.transaction.DelegatingTransactionHandler;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Runs one SQLite transaction at a time per process, queueing the others on a fair Java lock.
 *
 * <p>SQLite admits one writer, and a second {@code BEGIN IMMEDIATE} waits in the driver's native
 * busy handler. A virtual thread waiting in native code keeps its carrier thread. Once as many
 * writers wait as there are carriers, the writer that holds the lock never runs again to commit,
 * and every waiter fails with SQLITE_BUSY when the 60 s busy timeout ends. Waiting on this lock
 * parks the virtual thread and frees its carrier instead. Reentrant, so nested transactions on one thread work.
 */
final class SerialTransactionHandler extends DelegatingTransactionHandler {

  private final ReentrantLock lock;

  SerialTransactionHandler(TransactionHandler delegate) {
    this(delegate, new ReentrantLock(true));
  }

  private SerialTransactionHandler(TransactionHandler delegate, ReentrantLock lock) {
    super(delegate);
    this.lock = lock;
  }

  @Override
  public TransactionHandler specialize(Handle handle) throws SQLException {
    return new SerialTransactionHandler(getDelegate().specialize(handle), lock);
  }

  @Override
  public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback)
      throws X {
    lock.lock();
    try {
      return super.inTransaction(handle, callback);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public <R, X extends Exception> R inTransaction(
      Handle handle, TransactionIsolationLevel level, HandleCallback<R, X> callback) throws X {
    lock.lock();
    try {
      return super.inTransaction(handle, level, callback);
    } finally {
      lock.unlock();
    }
  }
}
