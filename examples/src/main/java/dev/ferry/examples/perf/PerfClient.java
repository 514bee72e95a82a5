package dev.ferry.examples.perf;

import java.util.Arrays;
import java.util.Properties;
import java.util.stream.Collectors;

/** The producers ferry-perf can measure, by their {@code --client} names. */
enum PerfClient {
    FERRY("ferry") {
        @Override
        PerfProducer open(Properties properties) {
            return new FerryPerfProducer(properties);
        }
    },
    KAFKA_CLIENTS("kafka-clients") {
        @Override
        PerfProducer open(Properties properties) {
            return new KafkaPerfProducer(properties);
        }
    },
    /** The tool alone: records are acknowledged in send(), nothing reaches a broker. */
    NULL("null") {
        @Override
        PerfProducer open(Properties properties) {
            return new FerryPerfProducer(new NullProducer());
        }

        @Override
        boolean needsBroker() {
            return false;
        }
    };

    private final String flagValue;

    PerfClient(String flagValue) {
        this.flagValue = flagValue;
    }

    String flagValue() {
        return flagValue;
    }

    abstract PerfProducer open(Properties properties);

    /** Whether a run of this client needs a broker (an embedded one unless the user names one). */
    boolean needsBroker() {
        return true;
    }

    static PerfClient named(String name) {
        for (PerfClient client : values()) {
            if (client.flagValue.equals(name)) {
                return client;
            }
        }
        throw new IllegalArgumentException("--client must be one of "
                + Arrays.stream(values()).map(PerfClient::flagValue).collect(Collectors.joining(", ")) + ", was '"
                + name + "'");
    }
}
