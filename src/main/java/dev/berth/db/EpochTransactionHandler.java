package dev.berth.db;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.transaction.DelegatingTransactionHandler;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Advances the {@link WriteEpoch} after each transaction ends, committed or not. Statements
 * advance it as they run, but a reader that starts between a transaction's write and its commit
 * still reads the old rows. Advancing again after the commit drops what that reader cached.
 */
final class EpochTransactionHandler extends DelegatingTransactionHandler {

  private final WriteEpoch writes;

  EpochTransactionHandler(TransactionHandler delegate, WriteEpoch writes) {
    super(delegate);
    this.writes = writes;
  }

  @Override
  public TransactionHandler specialize(Handle handle) throws java.sql.SQLException {
    return new EpochTransactionHandler(getDelegate().specialize(handle), writes);
  }

  @Override
  public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback)
      throws X {
    try {
      return super.inTransaction(handle, callback);
    } finally {
      writes.advance();
    }
  }

  @Override
  public <R, X extends Exception> R inTransaction(
      Handle handle, TransactionIsolationLevel level, HandleCallback<R, X> callback) throws X {
    try {
      return super.inTransaction(handle, level, callback);
    } finally {
      writes.advance();
    }
  }
}
