package untrusted.avro;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/** A class a writer's schema may name: outside the trusted packages and never configured by the application. */
public class Sneaky extends SpecificRecordBase {
    private static final long serialVersionUID = 1L;

    public static final Schema SCHEMA$ = new Schema.Parser()
            .parse("{\"type\":\"record\",\"name\":\"Sneaky\","
                    + "\"namespace\":\"untrusted.avro\",\"fields\":[{\"name\":\"id\",\"type\":{\"type\":\"string\","
                    + "\"avro.java.string\":\"String\"}},{\"name\":\"amount\",\"type\":\"long\"}]}");

    private String id;
    private long amount;

    public Sneaky() {}

    public Sneaky(String id, long amount) {
        this.id = id;
        this.amount = amount;
    }

    public static Schema getClassSchema() {
        return SCHEMA$;
    }

    @Override
    public Schema getSchema() {
        return SCHEMA$;
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
