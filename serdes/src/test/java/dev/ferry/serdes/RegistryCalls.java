package dev.ferry.serdes;

import dev.ferry.registry.SchemaRegistryClient;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the calls serdes make to a real registry client, passing each one through unchanged, so
 * a test can prove that a warm serializer or deserializer asks the client nothing at all.
 */
public final class RegistryCalls implements InvocationHandler {

    private final SchemaRegistryClient target;
    private final AtomicInteger count = new AtomicInteger();
    private final SchemaRegistryClient client;

    private RegistryCalls(SchemaRegistryClient target) {
        this.target = target;
        this.client = (SchemaRegistryClient) Proxy.newProxyInstance(
                SchemaRegistryClient.class.getClassLoader(), new Class<?>[] {SchemaRegistryClient.class}, this);
    }

    /** Counts the calls made through {@link #client()} to {@code target}. */
    public static RegistryCalls around(SchemaRegistryClient target) {
        return new RegistryCalls(target);
    }

    /** The client to give the serdes. */
    public SchemaRegistryClient client() {
        return client;
    }

    /** Calls of registry methods so far (not {@code toString}, {@code equals}, {@code hashCode}). */
    public int count() {
        return count.get();
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "RegistryCalls[" + target + "]";
            };
        }
        count.incrementAndGet();
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
