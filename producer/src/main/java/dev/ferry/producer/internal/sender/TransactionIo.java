package dev.ferry.producer.internal.sender;

import dev.ferry.common.FerryException;
import dev.ferry.producer.internal.network.RequestFailure;
import dev.ferry.producer.internal.protocol.ApiRequest;
import dev.ferry.producer.internal.protocol.message.BrokerVersions;
import java.util.function.Consumer;

/** What the transaction manager needs from the I/O thread: brokers, requests, and the batches of the transaction. */
interface TransactionIo {

    /** A connected broker for a request that any broker answers (FindCoordinator), or null while connecting. */
    Integer anyReadyNode();

    /** Whether the node is connected and past its handshake; starts connecting when not. */
    boolean isReady(int nodeId);

    /** Whether the last attempt to reach the node failed and no new one is under way. */
    boolean isUnreachable(int nodeId);

    BrokerVersions versions(int nodeId);

    /** Makes a coordinator's address known, in case metadata has not listed it yet. */
    void addAddress(int nodeId, String host, int port);

    <R> void send(
            int nodeId,
            ApiRequest<R> request,
            short version,
            Consumer<R> onResponse,
            Consumer<RequestFailure> onFailure);

    /** Whether batches of the transaction are queued or in flight. */
    boolean hasUnfinishedBatches();

    /** Fails every queued batch: the transaction is being aborted. */
    void failQueuedBatches(FerryException cause);
}
