package dev.ferry.examples.internal;

import com.google.protobuf.Timestamp;
import dev.ferry.schemas.avro.Customer;
import dev.ferry.schemas.avro.Money;
import dev.ferry.schemas.avro.OrderEvent;
import dev.ferry.schemas.avro.OrderLine;
import dev.ferry.schemas.avro.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The example orders: order {@code i} is always the same, so a reader can rebuild what was sent from
 * the order id alone and compare it with what it read. The Avro and the Protobuf order {@code i}
 * carry the same facts.
 */
public final class SampleOrders {
    /** The regions customers live in; US, EU and ASIA have their own partitions under the RegionPartitioner. */
    public static final List<String> REGIONS =
            List.of("US", "EU", "ASIA", "US", "EU", "LATAM", "ASIA", "US", "EU", "OCEANIA");

    private static final String ORDER_ID_PREFIX = "order-";
    private static final int CUSTOMERS = 4999;
    private static final Instant FIRST_ORDER = Instant.parse("2026-01-05T09:00:00Z");

    private SampleOrders() {}

    public static String orderId(int index) {
        return String.format("%s%08d", ORDER_ID_PREFIX, index);
    }

    /** The index of an order id made by {@link #orderId}, or -1 for any other text. */
    public static int indexOf(String orderId) {
        if (orderId == null
                || orderId.length() != ORDER_ID_PREFIX.length() + 8
                || !orderId.startsWith(ORDER_ID_PREFIX)) {
            return -1;
        }
        int index = 0;
        for (int i = ORDER_ID_PREFIX.length(); i < orderId.length(); i++) {
            char c = orderId.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            index = index * 10 + (c - '0');
        }
        return index;
    }

    public static String region(int index) {
        return REGIONS.get(customerNumber(index) % REGIONS.size());
    }

    /** Order {@code index} as an Avro {@code OrderEvent}, status PLACED. */
    public static OrderEvent avro(int index) {
        int customer = customerNumber(index);
        List<OrderLine> lines = new ArrayList<>();
        long totalCents = 0;
        for (int line = 0; line < lineCount(index); line++) {
            long cents = unitPriceCents(index, line);
            totalCents += cents * quantity(line);
            lines.add(OrderLine.newBuilder()
                    .setSku(sku(index, line))
                    .setQuantity(quantity(line))
                    .setUnitPrice(avroMoney(cents))
                    .build());
        }
        return OrderEvent.newBuilder()
                .setOrderId(orderId(index))
                .setCustomer(Customer.newBuilder()
                        .setId(customerId(customer))
                        .setName("Customer " + customer)
                        .setEmail("customer-" + customer + "@example.com")
                        .setRegion(region(index))
                        .build())
                .setStatus(OrderStatus.PLACED)
                .setLines(lines)
                .setTotal(avroMoney(totalCents))
                .setPlacedAt(placedAt(index))
                .build();
    }

    /** Order {@code index} as a Protobuf {@code OrderEvent}, status PLACED. */
    public static dev.ferry.schemas.proto.OrderEvent protobuf(int index) {
        int customer = customerNumber(index);
        var order = dev.ferry.schemas.proto.OrderEvent.newBuilder()
                .setOrderId(orderId(index))
                .setCustomer(dev.ferry.schemas.proto.Customer.newBuilder()
                        .setId(customerId(customer))
                        .setName("Customer " + customer)
                        .setEmail("customer-" + customer + "@example.com")
                        .setRegion(region(index)))
                .setStatus(dev.ferry.schemas.proto.OrderEvent.OrderStatus.PLACED);
        long totalCents = 0;
        for (int line = 0; line < lineCount(index); line++) {
            long cents = unitPriceCents(index, line);
            totalCents += cents * quantity(line);
            order.addLines(dev.ferry.schemas.proto.OrderLine.newBuilder()
                    .setSku(sku(index, line))
                    .setQuantity(quantity(line))
                    .setUnitPrice(protoMoney(cents)));
        }
        Instant placedAt = placedAt(index);
        return order.setTotal(protoMoney(totalCents))
                .setPlacedAt(Timestamp.newBuilder()
                        .setSeconds(placedAt.getEpochSecond())
                        .setNanos(placedAt.getNano()))
                .build();
    }

    /** A Protobuf amount (units and nanos, as google.type.Money) as a decimal. */
    public static BigDecimal amount(dev.ferry.schemas.proto.Money money) {
        return BigDecimal.valueOf(money.getUnits())
                .add(BigDecimal.valueOf(money.getNanos(), 9))
                .stripTrailingZeros();
    }

    /** An Avro amount in euros, e.g. 1999 cents as 19.99 EUR. */
    public static Money avroMoney(long cents) {
        return Money.newBuilder()
                .setAmount(BigDecimal.valueOf(cents, 2))
                .setCurrency("EUR")
                .build();
    }

    /** A Protobuf amount in euros (google.type.Money: units and nanos). */
    public static dev.ferry.schemas.proto.Money protoMoney(long cents) {
        return dev.ferry.schemas.proto.Money.newBuilder()
                .setCurrencyCode("EUR")
                .setUnits(cents / 100)
                .setNanos((int) (cents % 100) * 10_000_000)
                .build();
    }

    private static int customerNumber(int index) {
        return index % CUSTOMERS;
    }

    private static String customerId(int customer) {
        return String.format("customer-%05d", customer);
    }

    private static int lineCount(int index) {
        return index % 3 + 1;
    }

    private static String sku(int index, int line) {
        return String.format("SKU-%04d", (index * 7 + line * 31) % 1000);
    }

    private static int quantity(int line) {
        return line + 1;
    }

    private static long unitPriceCents(int index, int line) {
        return 199 + (index * 13L + line * 711L) % 9800;
    }

    private static Instant placedAt(int index) {
        return FIRST_ORDER.plusSeconds(index);
    }
}
