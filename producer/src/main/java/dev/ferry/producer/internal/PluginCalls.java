package dev.ferry.producer.internal;

import org.slf4j.Logger;

/**
 * Calls each of the user's plugins (listeners, interceptors, metrics reporters) in turn, as
 * kafka-clients does: a plugin that throws is logged with its class name, and the next one still
 * runs, so user code never disturbs a record or the producer.
 *
 * <p>Thread safety: stateless; as thread-safe as the plugins called.
 */
public final class PluginCalls {
    private PluginCalls() {}

    /** What to do with one plugin. */
    @FunctionalInterface
    public interface Call<P> {
        void on(P plugin) throws Exception;
    }

    /**
     * @param warning an SLF4J pattern whose first {@code {}} is the plugin's class name and whose
     *                further ones are {@code details}; the exception is logged after them
     */
    public static <P> void callEach(
            Iterable<? extends P> plugins, Call<? super P> call, Logger log, String warning, Object... details) {
        for (P plugin : plugins) {
            try {
                call.on(plugin);
            } catch (Exception e) {
                Object[] arguments = new Object[details.length + 2];
                arguments[0] = plugin.getClass().getName();
                System.arraycopy(details, 0, arguments, 1, details.length);
                arguments[arguments.length - 1] = e;
                log.warn(warning, arguments);
            }
        }
    }
}
