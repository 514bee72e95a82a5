package dev.ferry.serdes.avro;

import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.reflect.ReflectData;
import org.apache.avro.specific.SpecificData;

/** The Avro data models, with the logical-type conversions {@code avro.use.logical.type.converters} asks for. */
final class AvroModels {

    private AvroModels() {}

    static GenericData generic(boolean logicalTypes) {
        return logicalTypes ? withConversions(new GenericData()) : GenericData.get();
    }

    static SpecificData specific(boolean logicalTypes) {
        return logicalTypes ? withConversions(new SpecificData()) : SpecificData.get();
    }

    static ReflectData reflect(boolean logicalTypes) {
        return logicalTypes ? withConversions(new ReflectData()) : ReflectData.get();
    }

    private static <T extends GenericData> T withConversions(T model) {
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new Conversions.UUIDConversion());
        model.addLogicalTypeConversion(new TimeConversions.DateConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimeMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimeMicrosConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        model.addLogicalTypeConversion(new TimeConversions.LocalTimestampMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.LocalTimestampMicrosConversion());
        return model;
    }

    /** The schema of a primitive value, as Confluent's serializers use for non-record data; null if not primitive. */
    static Schema primitiveSchema(Object value) {
        if (value instanceof CharSequence) {
            return STRING;
        } else if (value instanceof Integer) {
            return INT;
        } else if (value instanceof Long) {
            return LONG;
        } else if (value instanceof Boolean) {
            return BOOLEAN;
        } else if (value instanceof Double) {
            return DOUBLE;
        } else if (value instanceof Float) {
            return FLOAT;
        } else if (value instanceof byte[] || value instanceof java.nio.ByteBuffer) {
            return BYTES;
        }
        return null;
    }

    private static final Schema STRING = Schema.create(Schema.Type.STRING);
    private static final Schema INT = Schema.create(Schema.Type.INT);
    private static final Schema LONG = Schema.create(Schema.Type.LONG);
    private static final Schema BOOLEAN = Schema.create(Schema.Type.BOOLEAN);
    private static final Schema DOUBLE = Schema.create(Schema.Type.DOUBLE);
    private static final Schema FLOAT = Schema.create(Schema.Type.FLOAT);
    private static final Schema BYTES = Schema.create(Schema.Type.BYTES);
}
