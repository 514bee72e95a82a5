package dev.ferry.producer.internal.sender;

import java.util.EnumSet;
import java.util.List;

/** The life of a transactional producer, as in kafka-clients' TransactionManager. */
enum TransactionState {
    UNINITIALIZED,
    INITIALIZING,
    READY,
    IN_TRANSACTION,
    COMMITTING_TRANSACTION,
    ABORTING_TRANSACTION,
    /** A send or request of the transaction failed: only abortTransaction (or close) is allowed. */
    ABORTABLE_ERROR,
    /** Fenced or not authorized: only close is allowed. */
    FATAL_ERROR;

    boolean isTransitionValid(TransactionState target) {
        return switch (target) {
            case UNINITIALIZED -> false;
            // not from ABORTING_TRANSACTION, as kafka-clients allows for its epoch bump: Ferry bumps inside
            // the abort, so only a user's initTransactions() would take that step, and it replaced the
            // abort's future, which never completed (the user's abortTransaction() waited for max.block.ms)
            case INITIALIZING -> this == UNINITIALIZED;
            case READY -> this == INITIALIZING || this == COMMITTING_TRANSACTION || this == ABORTING_TRANSACTION;
            case IN_TRANSACTION -> this == READY;
            case COMMITTING_TRANSACTION -> this == IN_TRANSACTION;
            case ABORTING_TRANSACTION -> this == IN_TRANSACTION || this == ABORTABLE_ERROR;
            case ABORTABLE_ERROR ->
                EnumSet.of(IN_TRANSACTION, COMMITTING_TRANSACTION, ABORTABLE_ERROR)
                        .contains(this);
            case FATAL_ERROR -> true;
        };
    }

    /** The calls a user may make in this state, for error messages, in the order a transaction makes them. */
    List<String> allowedCalls() {
        return switch (this) {
            case UNINITIALIZED -> List.of("initTransactions()");
            case INITIALIZING -> List.of("initTransactions() (to keep waiting)");
            case READY -> List.of("beginTransaction()");
            case IN_TRANSACTION ->
                List.of("send()", "sendOffsetsToTransaction()", "commitTransaction()", "abortTransaction()");
            case COMMITTING_TRANSACTION -> List.of("commitTransaction() (to keep waiting)");
            case ABORTING_TRANSACTION -> List.of("abortTransaction() (to keep waiting)");
            case ABORTABLE_ERROR -> List.of("abortTransaction()");
            case FATAL_ERROR -> List.of("close()");
        };
    }
}
