package dev.ferry.serdes;

/** Serde configurations the tests share. */
public final class TestSerdeConfigs {

    /** Writes with the subject's latest registered schema, registering nothing (Confluent's {@code use.latest.version}). */
    public static final SerdeConfig USE_LATEST_VERSION = SerdeConfig.builder()
            .autoRegisterSchemas(false)
            .useLatestVersion(true)
            .build();

    private TestSerdeConfigs() {}
}
