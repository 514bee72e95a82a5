package dev.ferry.examples.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.schemas.avro.OrderEvent;
import dev.ferry.schemas.avro.OrderLine;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SampleOrdersTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 42, 99_999, 12_345_678})
    void anOrderIdLeadsBackToItsIndex(int index) {
        assertThat(SampleOrders.indexOf(SampleOrders.orderId(index))).isEqualTo(index);
        assertThat(SampleOrders.avro(index).getOrderId()).isEqualTo(SampleOrders.orderId(index));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "order-",
                "order-1234567",
                "order-123456789",
                "order-1234567x",
                "ORDER-00000001",
                "x-00000001"
            })
    void otherTextIsNoOrderId(String text) {
        assertThat(SampleOrders.indexOf(text)).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 7, 4_998, 4_999, 100_001})
    void theTotalIsTheSumOfTheLinesAndBothFormatsCarryTheSameFacts(int index) {
        OrderEvent avro = SampleOrders.avro(index);
        dev.ferry.schemas.proto.OrderEvent proto = SampleOrders.protobuf(index);

        BigDecimal lines = avro.getLines().stream()
                .map(line -> line.getUnitPrice().getAmount().multiply(BigDecimal.valueOf(line.getQuantity())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(avro.getTotal().getAmount()).isEqualByComparingTo(lines);
        assertThat(SampleOrders.amount(proto.getTotal()))
                .isEqualByComparingTo(avro.getTotal().getAmount());
        assertThat(proto.getLinesCount()).isEqualTo(avro.getLines().size()).isBetween(1, 3);
        for (int i = 0; i < avro.getLines().size(); i++) {
            OrderLine line = avro.getLines().get(i);
            assertThat(proto.getLines(i).getSku()).isEqualTo(line.getSku());
            assertThat(SampleOrders.amount(proto.getLines(i).getUnitPrice()))
                    .isEqualByComparingTo(line.getUnitPrice().getAmount());
        }
        assertThat(proto.getCustomer().getRegion())
                .isEqualTo(avro.getCustomer().getRegion())
                .isEqualTo(SampleOrders.region(index));
        assertThat(Instant.ofEpochSecond(
                        proto.getPlacedAt().getSeconds(), proto.getPlacedAt().getNanos()))
                .isEqualTo(avro.getPlacedAt());
        assertThat(proto.getStatus().name()).isEqualTo(avro.getStatus().name());
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 500})
    void theSameIndexGivesAnEqualOrder(int index) {
        assertThat(SampleOrders.avro(index))
                .isEqualTo(SampleOrders.avro(index))
                .isNotEqualTo(SampleOrders.avro(index + 1));
        assertThat(SampleOrders.protobuf(index)).isEqualTo(SampleOrders.protobuf(index));
    }
}
