package dev.ferry.producer.internal.sender;

import java.util.EnumSet;
import java.util.Set;

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
            case INITIALIZING -> this == UNINITIALIZED || this == ABORTING_TRANSACTION;
            case READY -> this == INITIALIZING || this == COMMITTING_TRANSACTION || this == ABORTING_TRANSACTION;
            case IN_TRANSACTION -> this == READY;
            case COMMITTING_TRANSACTION -> this == IN_TRANSACTION;
            case ABORTING_TRANSACTION -> this == IN_TRANSACTION || this == ABORTABLE_ERROR;
            case ABORTABLE_ERROR -> EnumSet.of(IN_TRANSACTION, COMMITTING_TRANSACTION, ABORTABLE_ERROR).contains(this);
            case FATAL_ERROR -> true;
        };
    }

    /** The calls a user may make in this state, for error messages. */
    Set<String> allowedCalls() {
        return switch (this) {
            case UNINITIALIZED -> Set.of("initTransactions()");
            case INITIALIZING -> Set.of("initTransactions() (to keep waiting)");
            case READY -> Set.of("beginTransaction()");
            case IN_TRANSACTION -> Set.of("send()", "sendOffsetsToTransaction()", "commitTransaction()", "abortTransaction()");
            case COMMITTING_TRANSACTION -> Set.of("commitTransaction() (to keep waiting)");
            case ABORTING_TRANSACTION -> Set.of("abortTransaction() (to keep waiting)");
            case ABORTABLE_ERROR -> Set.of("abortTransaction()");
            case FATAL_ERROR -> Set.of("close()");
        };
    }
}
