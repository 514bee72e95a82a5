package dev.ferry.producer.internal.protocol.message;

/** Holds a tagged field's value while the tag section is read (lambdas cannot assign locals). */
final class TaggedValue<T> {
    T value;

    TaggedValue(T initial) {
        value = initial;
    }
}
