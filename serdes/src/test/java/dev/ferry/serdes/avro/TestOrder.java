package dev.ferry.serdes.avro;

import org.apache.avro.Schema;

/** A hand-written equivalent of an avro-compiler generated class, for specific-record tests. */
public class TestOrder extends IdAmountRecord {
    private static final long serialVersionUID = 1L;

    public static final Schema SCHEMA$ = schema("dev.ferry.serdes.avro", "TestOrder");

    public TestOrder() {}

    public TestOrder(String id, long amount) {
        super(id, amount);
    }
}
