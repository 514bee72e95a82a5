package untrusted.avro;

import dev.ferry.serdes.avro.IdAmountRecord;
import org.apache.avro.Schema;

/** A class a writer's schema may name: outside the trusted packages and never configured by the application. */
public class Sneaky extends IdAmountRecord {
    private static final long serialVersionUID = 1L;

    public static final Schema SCHEMA$ = schema("untrusted.avro", "Sneaky");

    public Sneaky() {}

    public Sneaky(String id, long amount) {
        super(id, amount);
    }
}
