package dev.ferry.codegen;

/**
 * One {@code <topic>} of the {@code generate} goal's {@code <topics>}: a topic, the type of its
 * values, and where its keys come from. The goal generates one class per topic that sends values
 * of exactly that type to exactly that topic.
 *
 * <pre>{@code
 * <topics>
 *   <topic>
 *     <name>orders</name>
 *     <valueType>com.acme.shop.OrderEvent</valueType>  <!-- Avro record or Protobuf message -->
 *     <keyField>orderId</keyField>                     <!-- or <keyType>string</keyType>, or neither -->
 *     <className>com.acme.shop.OrdersTopic</className> <!-- optional -->
 *   </topic>
 * </topics>
 * }</pre>
 *
 * <p>Maven fills the fields from the POM; the goal validates them and names the offending
 * {@code <topic>} in its error.
 */
public class TopicBinding {

    /** The Kafka topic. */
    String name;

    /**
     * The value type: the full name of an Avro record or a Protobuf message defined by this build's
     * schemas, the Java class generated for one, or such a class on the compile classpath.
     */
    String valueType;

    /**
     * A field of the value whose content is the record key (a string, integer, bytes, enum, or
     * record/message field). Excludes {@link #keyType}.
     */
    String keyField;

    /**
     * The key type when keys are given with each record: {@code string}, {@code int}, {@code long},
     * {@code bytes}, or an Avro record or Protobuf message named as for {@link #valueType}. Excludes
     * {@link #keyField}.
     */
    String keyType;

    /**
     * The fully qualified name of the generated class; by default {@code <Topic>Topic} in the value
     * type's package ({@code orders} gives {@code OrdersTopic}, {@code order-events.v2} gives
     * {@code OrderEventsV2Topic}).
     */
    String className;

    public TopicBinding() {
        // Maven instantiates the class and sets the fields from the POM.
    }

    /** A binding as the POM would give it; for tests and for code that configures the goal. */
    public TopicBinding(String name, String valueType, String keyField, String keyType, String className) {
        this.name = name;
        this.valueType = valueType;
        this.keyField = keyField;
        this.keyType = keyType;
        this.className = className;
    }

    public String name() {
        return name;
    }

    public String valueType() {
        return valueType;
    }

    public String keyField() {
        return keyField;
    }

    public String keyType() {
        return keyType;
    }

    public String className() {
        return className;
    }

    @Override
    public String toString() {
        return "topic " + name + " (valueType=" + valueType + ", keyField=" + keyField + ", keyType=" + keyType
                + ", className=" + className + ")";
    }
}
