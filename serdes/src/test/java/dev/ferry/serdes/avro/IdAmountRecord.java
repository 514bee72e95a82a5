package dev.ferry.serdes.avro;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * A hand-written equivalent of an avro-compiler generated record with a string {@code id} and a long
 * {@code amount}. Each subclass is that record under its own full name (its {@code SCHEMA$}, which
 * Avro reads), so the specific-record tests can name classes inside and outside the packages this
 * JVM trusts.
 */
public abstract class IdAmountRecord extends SpecificRecordBase {
    private static final long serialVersionUID = 1L;

    private String id;
    private long amount;

    protected IdAmountRecord() {}

    protected IdAmountRecord(String id, long amount) {
        this.id = id;
        this.amount = amount;
    }

    /** The schema generated code would carry for the record {@code namespace.name}. */
    protected static Schema schema(String namespace, String name) {
        return new Schema.Parser()
                .parse("{\"type\":\"record\",\"name\":\"" + name + "\",\"namespace\":\"" + namespace
                        + "\",\"fields\":[{\"name\":\"id\",\"type\":{\"type\":\"string\","
                        + "\"avro.java.string\":\"String\"}},{\"name\":\"amount\",\"type\":\"long\"}]}");
    }

    @Override
    public Schema getSchema() {
        return SpecificData.get().getSchema(getClass());
    }

    @Override
    public Object get(int field) {
        return switch (field) {
            case 0 -> id;
            case 1 -> amount;
            default -> throw new IndexOutOfBoundsException("field " + field);
        };
    }

    @Override
    public void put(int field, Object value) {
        switch (field) {
            case 0 -> id = value == null ? null : value.toString();
            case 1 -> amount = (Long) value;
            default -> throw new IndexOutOfBoundsException("field " + field);
        }
    }

    public String getId() {
        return id;
    }

    public long getAmount() {
        return amount;
    }
}
