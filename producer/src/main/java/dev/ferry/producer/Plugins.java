package dev.ferry.producer;

import java.lang.reflect.InvocationTargetException;

/** Instantiates the classes a config names (serializers, partitioner), as kafka-clients does. */
final class Plugins {
    private Plugins() {
    }

    @SuppressWarnings("unchecked")
    static <T> Serializer<T> serializer(ProducerConfig config, String className, String key, boolean isKey) {
        if (className == null) {
            throw new ConfigException(key, null, "the name of a class implementing " + Serializer.class.getName()
                    + ", or pass a serializer to the constructor");
        }
        Serializer<T> serializer = instantiate(className, key, Serializer.class);
        serializer.configure(config.pluginConfigs(), isKey);
        return serializer;
    }

    static Partitioner partitioner(ProducerConfig config) {
        if (config.partitionerClass() == null) {
            return null;
        }
        Partitioner partitioner = instantiate(config.partitionerClass(), "partitioner.class", Partitioner.class);
        partitioner.configure(config.pluginConfigs());
        return partitioner;
    }

    private static <T> T instantiate(String className, String key, Class<T> type) {
        try {
            Class<?> loaded = Class.forName(className, true, contextLoader());
            if (!type.isAssignableFrom(loaded)) {
                throw new ConfigException(key, className, "a class implementing " + type.getName());
            }
            return type.cast(loaded.getDeclaredConstructor().newInstance());
        } catch (ClassNotFoundException e) {
            throw new ConfigException(key, className, "a class on the class path; it was not found");
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new ConfigException(key, className, "a public class with a public no-argument constructor");
        } catch (InvocationTargetException e) {
            throw new ConfigException(key, className, "a class whose constructor succeeds; it threw " + e.getCause());
        }
    }

    private static ClassLoader contextLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : Plugins.class.getClassLoader();
    }
}
