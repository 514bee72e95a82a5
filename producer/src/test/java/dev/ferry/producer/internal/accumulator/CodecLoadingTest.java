package dev.ferry.producer.internal.accumulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.producer.internal.buffer.BufferPool;
import dev.ferry.producer.internal.record.BatchCodec;
import dev.ferry.producer.internal.record.Compression;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The configured codec's library is loaded when the accumulator is created, not by the I/O thread
 * closing the first batch: lz4's native library alone took 70–90 ms there, which every batch queued
 * behind the first one waited for (issue #20, p99 at a fixed rate). Each case runs in its own class
 * loader, since the JVM running the tests has long loaded every codec.
 */
class CodecLoadingTest {

    @ParameterizedTest
    @CsvSource({
        "LZ4, net.jpountz.lz4.LZ4Factory",
        "ZSTD, com.github.luben.zstd.Zstd",
        "SNAPPY, org.xerial.snappy.Snappy"
    })
    void creatingTheAccumulatorLoadsTheCodecsLibrary(BatchCodec codec, String libraryClass) throws Exception {
        try (IsolatedLoader loader = new IsolatedLoader()) {
            @SuppressWarnings("unchecked")
            Consumer<String> create = (Consumer<String>) loader.loadClass(CreatesAccumulator.class.getName())
                    .getDeclaredConstructor()
                    .newInstance();
            assertThat(loader.loaded(libraryClass))
                    .as("%s before the accumulator exists", libraryClass)
                    .isFalse();

            create.accept(codec.name());

            assertThat(loader.loaded(libraryClass))
                    .as("%s once the accumulator exists", libraryClass)
                    .isTrue();
        }
    }

    /** Loaded in the isolated loader: creates an accumulator as the producer does, nothing more. */
    public static final class CreatesAccumulator implements Consumer<String> {
        @Override
        public void accept(String codec) {
            new RecordAccumulator(
                    new RecordAccumulator.Settings(65_536, Compression.of(BatchCodec.valueOf(codec)), 5, 120_000),
                    new BufferPool(1 << 20, 65_536, System::nanoTime),
                    () -> 0L);
        }
    }

    /** The test class path again, with nothing of it shared with the loader that runs the tests. */
    private static final class IsolatedLoader extends URLClassLoader {
        IsolatedLoader() throws MalformedURLException {
            super(classPath(), ClassLoader.getPlatformClassLoader());
        }

        boolean loaded(String className) {
            return findLoadedClass(className) != null;
        }

        private static URL[] classPath() throws MalformedURLException {
            String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
            URL[] urls = new URL[entries.length];
            for (int i = 0; i < entries.length; i++) {
                urls[i] = new File(entries[i]).toURI().toURL();
            }
            return urls;
        }
    }
}
