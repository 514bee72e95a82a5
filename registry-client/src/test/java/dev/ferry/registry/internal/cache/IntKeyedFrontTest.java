package dev.ferry.registry.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntKeyedFrontTest {

    @Test
    void neverAnswersAnotherKeysValue() {
        IntKeyedFront<String> front = new IntKeyedFront<>(64);
        Map<Integer, String> oracle = new HashMap<>();
        Random random = new Random(42);

        for (int i = 0; i < 10_000; i++) {
            int key = random.nextInt(500) - 100;
            if (random.nextBoolean()) {
                front.put(key, "v" + key);
                oracle.put(key, "v" + key);
            }
            String found = front.get(key);
            assertThat(found).isIn(null, oracle.get(key));
        }
    }

    @Test
    void keepsWhatFitsAndForgetsOnRemove() {
        IntKeyedFront<String> front = new IntKeyedFront<>(1000);

        front.put(7, "seven");
        front.put(1_000_007, "big");

        assertThat(front.get(7)).isEqualTo("seven");
        assertThat(front.get(1_000_007)).isEqualTo("big");
        assertThat(front.get(8)).isNull();
        front.remove(7);
        assertThat(front.get(7)).isNull();
        front.clear();
        assertThat(front.get(1_000_007)).isNull();
    }
}
