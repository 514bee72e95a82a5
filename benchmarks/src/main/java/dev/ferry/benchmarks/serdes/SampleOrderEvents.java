package dev.ferry.benchmarks.serdes;

import static dev.ferry.examples.internal.SampleOrders.avroMoney;
import static dev.ferry.examples.internal.SampleOrders.protoMoney;

import com.google.protobuf.Timestamp;
import dev.ferry.schemas.avro.Customer;
import dev.ferry.schemas.avro.OrderEvent;
import dev.ferry.schemas.avro.OrderLine;
import dev.ferry.schemas.avro.OrderStatus;
import java.time.Instant;
import java.util.List;

/** One order of the example schemas with two lines, as Avro and as Protobuf, carrying the same facts. */
final class SampleOrderEvents {
    private static final Instant PLACED_AT = Instant.parse("2026-11-27T09:30:00Z");

    private SampleOrderEvents() {}

    static OrderEvent avro() {
        return OrderEvent.newBuilder()
                .setOrderId("order-00012345")
                .setCustomer(Customer.newBuilder()
                        .setId("customer-04711")
                        .setName("Customer 4711")
                        .setEmail("customer-4711@example.com")
                        .setRegion("EU")
                        .build())
                .setStatus(OrderStatus.PAID)
                .setLines(List.of(
                        OrderLine.newBuilder()
                                .setSku("SKU-0042")
                                .setQuantity(2)
                                .setUnitPrice(avroMoney(1999))
                                .build(),
                        OrderLine.newBuilder()
                                .setSku("SKU-0815")
                                .setQuantity(1)
                                .setUnitPrice(avroMoney(4950))
                                .build()))
                .setTotal(avroMoney(8948))
                .setPlacedAt(PLACED_AT)
                .build();
    }

    static dev.ferry.schemas.proto.OrderEvent protobuf() {
        return dev.ferry.schemas.proto.OrderEvent.newBuilder()
                .setOrderId("order-00012345")
                .setCustomer(dev.ferry.schemas.proto.Customer.newBuilder()
                        .setId("customer-04711")
                        .setName("Customer 4711")
                        .setEmail("customer-4711@example.com")
                        .setRegion("EU"))
                .setStatus(dev.ferry.schemas.proto.OrderEvent.OrderStatus.PAID)
                .addLines(dev.ferry.schemas.proto.OrderLine.newBuilder()
                        .setSku("SKU-0042")
                        .setQuantity(2)
                        .setUnitPrice(protoMoney(1999)))
                .addLines(dev.ferry.schemas.proto.OrderLine.newBuilder()
                        .setSku("SKU-0815")
                        .setQuantity(1)
                        .setUnitPrice(protoMoney(4950)))
                .setTotal(protoMoney(8948))
                .setPlacedAt(Timestamp.newBuilder().setSeconds(PLACED_AT.getEpochSecond()))
                .build();
    }
}
