package dev.ferry.examples.perf;

/**
 * The completion of one record: its latency goes to the statistics. One class serves both clients'
 * callback interfaces, so both runs allocate the same per record.
 */
final class PerfCallback implements dev.ferry.producer.Callback, org.apache.kafka.clients.producer.Callback {
    private final long sendStartMs;
    private final int bytes;
    private final PerfStats stats;

    PerfCallback(long sendStartMs, int bytes, PerfStats stats) {
        this.sendStartMs = sendStartMs;
        this.bytes = bytes;
        this.stats = stats;
    }

    @Override
    public void onCompletion(dev.ferry.producer.RecordMetadata metadata, Exception error) {
        completed(error);
    }

    @Override
    public void onCompletion(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception error) {
        completed(error);
    }

    private void completed(Exception error) {
        long now = System.currentTimeMillis();
        if (error == null) {
            stats.record((int) (now - sendStartMs), bytes, now);
        } else {
            stats.failed(error);
        }
    }
}
