package dev.ferry.examples.perf;

import dev.ferry.producer.ProducerInterceptor;
import dev.ferry.producer.ProducerRecord;

/**
 * An interceptor that changes nothing, to measure what the interceptor path itself costs:
 * {@code --producer-props interceptor.classes=dev.ferry.examples.perf.NoOpInterceptor}.
 */
public final class NoOpInterceptor implements ProducerInterceptor<Object, Object> {

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        return record;
    }
}
