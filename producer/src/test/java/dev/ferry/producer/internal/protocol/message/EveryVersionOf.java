package dev.ferry.producer.internal.protocol.message;

import dev.ferry.producer.internal.protocol.ApiKey;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.support.AnnotationConsumer;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * Runs a test once for every version of an API that Ferry speaks, so each codec is checked against
 * kafka-clients in the whole range it may negotiate, not in the versions a test author thought of.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "v{0}")
@ArgumentsSource(EveryVersionOf.Versions.class)
@interface EveryVersionOf {
    ApiKey value();

    final class Versions
            implements org.junit.jupiter.params.provider.ArgumentsProvider, AnnotationConsumer<EveryVersionOf> {
        private ApiKey key;

        @Override
        public void accept(EveryVersionOf annotation) {
            key = annotation.value();
        }

        @Override
        public Stream<? extends Arguments> provideArguments(
                ParameterDeclarations parameters, ExtensionContext context) {
            return KafkaOracle.versions(key).map(Arguments::of);
        }
    }
}
