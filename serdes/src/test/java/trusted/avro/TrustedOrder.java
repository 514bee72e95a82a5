package trusted.avro;

import dev.ferry.serdes.avro.IdAmountRecord;
import org.apache.avro.Schema;

/** A generated-style record outside the packages the test JVM trusts (org.apache.avro.SERIALIZABLE_PACKAGES=dev.ferry). */
public class TrustedOrder extends IdAmountRecord {
    private static final long serialVersionUID = 1L;

    public static final Schema SCHEMA$ = schema("trusted.avro", "TrustedOrder");

    public TrustedOrder() {}

    public TrustedOrder(String id, long amount) {
        super(id, amount);
    }
}
