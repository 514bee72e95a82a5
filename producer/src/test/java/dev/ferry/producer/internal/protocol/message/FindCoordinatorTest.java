package dev.ferry.producer.internal.protocol.message;

import static dev.ferry.producer.internal.protocol.message.KafkaOracle.decodedByKafka;
import static dev.ferry.producer.internal.protocol.message.KafkaOracle.encodeKafka;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.producer.internal.protocol.ApiKey;
import dev.ferry.producer.internal.protocol.ProtocolWriter;
import java.util.List;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.junit.jupiter.api.Test;

class FindCoordinatorTest {
    @EveryVersionOf(ApiKey.FIND_COORDINATOR)
    void kafkaDecodesOurRequestInBothForms(short version) {
        List<String> keys = version <= 3 ? List.of("txn-a") : List.of("txn-a", "txn-b");
        FindCoordinator.Request request = new FindCoordinator.Request(FindCoordinator.KEY_TYPE_TRANSACTION, keys);

        FindCoordinatorRequestData kafka = decodedByKafka(request, version, FindCoordinatorRequestData::new);

        assertThat(kafka.keyType()).isEqualTo(FindCoordinator.KEY_TYPE_TRANSACTION);
        if (version <= 3) {
            assertThat(kafka.key()).isEqualTo("txn-a");
        } else {
            assertThat(kafka.coordinatorKeys()).containsExactly("txn-a", "txn-b");
        }
    }

    @Test
    void theSingleKeyFormRefusesSeveralKeys() {
        FindCoordinator.Request request =
                new FindCoordinator.Request(FindCoordinator.KEY_TYPE_GROUP, List.of("a", "b"));
        assertThatThrownBy(() -> request.write(new ProtocolWriter(), (short) 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @EveryVersionOf(ApiKey.FIND_COORDINATOR)
    void weDecodeKafkasResponseInBothForms(short version) {
        // given
        FindCoordinatorResponseData data = new FindCoordinatorResponseData().setThrottleTimeMs(9);
        List<FindCoordinator.Coordinator> expected;
        if (version <= 3) {
            data.setErrorCode((short) 15)
                    .setErrorMessage(null)
                    .setNodeId(-1)
                    .setHost("")
                    .setPort(-1);
            expected = List.of(new FindCoordinator.Coordinator("txn-a", -1, "", -1, (short) 15, null));
        } else {
            data.coordinators()
                    .add(new FindCoordinatorResponseData.Coordinator()
                            .setKey("txn-a")
                            .setNodeId(2)
                            .setHost("h2")
                            .setPort(9092)
                            .setErrorCode((short) 0)
                            .setErrorMessage(null));
            data.coordinators()
                    .add(new FindCoordinatorResponseData.Coordinator()
                            .setKey("txn-b")
                            .setNodeId(-1)
                            .setHost("")
                            .setPort(-1)
                            .setErrorCode((short) 15)
                            .setErrorMessage("not available"));
            expected = List.of(
                    new FindCoordinator.Coordinator("txn-a", 2, "h2", 9092, (short) 0, null),
                    new FindCoordinator.Coordinator("txn-b", -1, "", -1, (short) 15, "not available"));
        }
        FindCoordinator.Request request = new FindCoordinator.Request(
                FindCoordinator.KEY_TYPE_TRANSACTION, version <= 3 ? List.of("txn-a") : List.of("txn-a", "txn-b"));

        // when
        FindCoordinator.Response response = request.readResponse(encodeKafka(data, version, true), version);

        // then
        assertThat(response.throttleTimeMs()).isEqualTo(9);
        assertThat(response.coordinators()).isEqualTo(expected);
    }
}
