package generated.avro;

import dev.ferry.serdes.avro.IdAmountRecord;
import org.apache.avro.Schema;

/** A generated-style record the test class path lists in META-INF/ferry/avro-classes, as the plugin would. */
public class GeneratedOrder extends IdAmountRecord {
    private static final long serialVersionUID = 1L;

    public static final Schema SCHEMA$ = schema("generated.avro", "GeneratedOrder");

    public GeneratedOrder() {}

    public GeneratedOrder(String id, long amount) {
        super(id, amount);
    }
}
