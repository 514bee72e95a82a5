package dev.ferry.serdes;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;

/** The tests' message with a reference: a {@code Priced} whose {@code price} is a {@code Money} of the first import. */
final class PricedMessages {
    private PricedMessages() {}

    /** A {@code Priced} of {@code file} priced in euros. */
    static DynamicMessage inEuros(FileDescriptor file) {
        Descriptor priced = file.findMessageTypeByName("Priced");
        Descriptor money = file.getDependencies().get(0).findMessageTypeByName("Money");
        return DynamicMessage.newBuilder(priced)
                .setField(
                        priced.findFieldByName("price"),
                        DynamicMessage.newBuilder(money)
                                .setField(money.findFieldByName("currency"), "EUR")
                                .build())
                .build();
    }
}
