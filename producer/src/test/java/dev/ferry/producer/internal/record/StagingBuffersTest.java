package dev.ferry.producer.internal.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;

class StagingBuffersTest {
    @Test
    void aReleasedBufferIsHandedOutAgainEmpty() {
        StagingBuffers staging = new StagingBuffers(2);
        ByteBuffer first = staging.acquire(1024);
        first.put(new byte[100]);

        staging.release(first);
        ByteBuffer second = staging.acquire(512);

        assertThat(second).isSameAs(first);
        assertThat(second.position()).isZero();
        assertThat(second.remaining()).isEqualTo(1024);
    }

    @Test
    void anIdleBufferTooSmallIsDroppedForANewOne() {
        StagingBuffers staging = new StagingBuffers(2);
        ByteBuffer small = staging.acquire(100);
        staging.release(small);

        ByteBuffer big = staging.acquire(4096);

        assertThat(big).isNotSameAs(small);
        assertThat(big.capacity()).isEqualTo(4096);
        assertThat(staging.acquire(1)).as("the small buffer is no longer idle").isNotSameAs(small);
    }

    @Test
    void keepsAtMostMaxIdleBuffersAndNoneWithoutReuse() {
        StagingBuffers staging = new StagingBuffers(2);
        List<ByteBuffer> released = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            released.add(ByteBuffer.allocate(64));
            staging.release(released.get(i));
        }
        ByteBuffer withoutReuse = ByteBuffer.allocate(64);
        StagingBuffers.NONE.release(withoutReuse);

        List<ByteBuffer> handedOut = List.of(staging.acquire(64), staging.acquire(64), staging.acquire(64));

        assertThat(handedOut.get(0)).isSameAs(released.get(1));
        assertThat(handedOut.get(1)).isSameAs(released.get(0));
        assertThat(released).as("only two were kept").noneMatch(buffer -> buffer == handedOut.get(2));
        assertThat(StagingBuffers.NONE.acquire(64)).isNotSameAs(withoutReuse);
    }

    @Test
    void aCompressedBatchGivesItsStagingBufferBackAndTheNextBatchStillReadsBackCorrectly() {
        StagingBuffers staging = new StagingBuffers(1);
        Compression lz4 = Compression.of(BatchCodec.LZ4);
        for (int batch = 0; batch < 3; batch++) {
            RecordBatchWriter writer = new RecordBatchWriter(ByteBuffer.allocate(4096), lz4, 4096, 1.0f, staging);
            byte[] value = new byte[300];
            Arrays.fill(value, (byte) ('a' + batch));
            writer.tryAppend(1000L + batch, null, value, null);
            writer.tryAppend(2000L + batch, null, value, null);

            ByteBuffer closed = writer.close(7L, (short) 0, 0, false);

            ByteBuffer givenBack = staging.acquire(1);
            assertThat(givenBack.capacity())
                    .as("the writer's staging buffer, not a new 1-byte one")
                    .isEqualTo(4096);
            staging.release(givenBack);
            RecordBatch parsed =
                    MemoryRecords.readableRecords(closed).batches().iterator().next();
            parsed.ensureValid();
            int count = 0;
            for (Record record : parsed) {
                byte[] read = new byte[record.valueSize()];
                record.value().get(read);
                assertThat(read).isEqualTo(value);
                count++;
            }
            assertThat(count).isEqualTo(2);
        }
    }
}
