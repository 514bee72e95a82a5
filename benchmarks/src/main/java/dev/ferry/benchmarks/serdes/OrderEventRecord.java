package dev.ferry.benchmarks.serdes;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/** The shape avro-compiler generates for the OrderEvent-like record, written out for the benchmark. */
public class OrderEventRecord extends SpecificRecordBase {
    private static final long serialVersionUID = 1L;

    public static final Schema SCHEMA$ = new Schema.Parser().parse("""
            {"type":"record","name":"OrderEventRecord","namespace":"dev.ferry.benchmarks.serdes","fields":[
              {"name":"orderId","type":{"type":"string","avro.java.string":"String"}},
              {"name":"customerId","type":{"type":"string","avro.java.string":"String"}},
              {"name":"amountCents","type":"long"},
              {"name":"currency","type":{"type":"string","avro.java.string":"String"}},
              {"name":"createdAt","type":"long"},
              {"name":"items","type":"int"},
              {"name":"express","type":"boolean"}
            ]}""");

    private String orderId;
    private String customerId;
    private long amountCents;
    private String currency;
    private long createdAt;
    private int items;
    private boolean express;

    public OrderEventRecord() {}

    public OrderEventRecord(
            String orderId,
            String customerId,
            long amountCents,
            String currency,
            long createdAt,
            int items,
            boolean express) {
        this.orderId = orderId;
        this.customerId = customerId;
        this.amountCents = amountCents;
        this.currency = currency;
        this.createdAt = createdAt;
        this.items = items;
        this.express = express;
    }

    @Override
    public Schema getSchema() {
        return SCHEMA$;
    }

    @Override
    public Object get(int field) {
        return switch (field) {
            case 0 -> orderId;
            case 1 -> customerId;
            case 2 -> amountCents;
            case 3 -> currency;
            case 4 -> createdAt;
            case 5 -> items;
            case 6 -> express;
            default -> throw new IndexOutOfBoundsException("field " + field);
        };
    }

    @Override
    public void put(int field, Object value) {
        switch (field) {
            case 0 -> orderId = value.toString();
            case 1 -> customerId = value.toString();
            case 2 -> amountCents = (Long) value;
            case 3 -> currency = value.toString();
            case 4 -> createdAt = (Long) value;
            case 5 -> items = (Integer) value;
            case 6 -> express = (Boolean) value;
            default -> throw new IndexOutOfBoundsException("field " + field);
        }
    }
}
