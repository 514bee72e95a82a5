package it.bind;

import dev.ferry.common.Headers;
import dev.ferry.producer.ProducerRecord;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import dev.ferry.common.SerializationException;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.avro.AvroDeserializer;
import dev.ferry.serdes.avro.AvroSerializer;
import it.bind.proto.Shipment;
import it.bind.proto.ShipmentsTopic;
import it.bind.shop.OrderEvent;
import it.bind.shop.OrdersTopic;
import it.bind.shop.PaymentEvent;
import it.bind.topics.PaymentsTopic;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

public class Main {
  public static void main(String[] args) {
    OrderEvent order = OrderEvent.newBuilder().setOrderId("o-1").setCustomerId("c-7").setCents(1250).build();
    Shipment shipment = Shipment.newBuilder().setShipmentId("s-3").setOrderId("o-1").build();
    Map<String, Object> properties = Map.of(
        "bootstrap.servers", "127.0.0.1:9",
        "schema.registry.url", "mock://topic-bindings-it");
    try (OrdersTopic orders = OrdersTopic.bind(properties)) {
      ProducerRecord<String, OrderEvent> record = orders.record(order);
      System.out.println("ferry-it: " + record.topic() + " key=" + record.key() + " subject=" + orders.subject());
    }
    System.out.println("ferry-it: shipments key=" + ShipmentsTopic.key(shipment) + " topic=" + ShipmentsTopic.TOPIC);
    try (SchemaRegistryClient registry = SchemaRegistryClients.create(properties)) {
      byte[] frame = PaymentsTopic.valueSerializer(registry, SerdeConfig.defaults())
          .serialize(PaymentsTopic.TOPIC, new Headers(), new PaymentEvent("p-2", 99L));
      PaymentEvent back = PaymentsTopic.valueDeserializer(registry, SerdeConfig.defaults())
          .deserialize(PaymentsTopic.TOPIC, new Headers(), frame);
      System.out.println("ferry-it: payments round trip " + back.getPaymentId() + " " + back.getCents()
          + " id=" + registry.latest("payments-value").id());
    }
    readGenericRecordsIntoGeneratedClasses(properties);
  }

  // No org.apache.avro.SERIALIZABLE_PACKAGES in this JVM: specific.avro.reader=true alone must read a
  // record written with a plain schema into the class the plugin generated, and refuse any other class.
  private static void readGenericRecordsIntoGeneratedClasses(Map<String, Object> properties) {
    try (SchemaRegistryClient registry = SchemaRegistryClients.create(properties)) {
      AvroSerializer<GenericRecord> serializer = AvroSerializer.<GenericRecord>builder(registry).build();
      AvroDeserializer<Object> reader = AvroDeserializer.builder(registry)
          .config(SerdeConfig.fromProperties(Map.of("specific.avro.reader", "true")))
          .build();
      GenericRecord order = new GenericData.Record(new Schema.Parser().parse(
          "{\"type\": \"record\", \"name\": \"OrderEvent\", \"namespace\": \"it.bind.shop\", \"fields\": ["
              + "{\"name\": \"orderId\", \"type\": \"string\"}, {\"name\": \"customerId\", \"type\": \"string\"},"
              + " {\"name\": \"cents\", \"type\": \"long\"}]}"));
      order.put("orderId", "o-9");
      order.put("customerId", "c-1");
      order.put("cents", 700L);
      Object read = reader.deserialize("generic-orders", new Headers(),
          serializer.serialize("generic-orders", new Headers(), order));
      System.out.println("ferry-it: generic record read as " + read.getClass().getName() + " "
          + ((OrderEvent) read).getOrderId() + " " + ((OrderEvent) read).getCents());

      GenericRecord sneaky = new GenericData.Record(HandWritten.SCHEMA$);
      sneaky.put("id", "x");
      byte[] frame = serializer.serialize("sneaky", new Headers(), sneaky);
      try {
        reader.deserialize("sneaky", new Headers(), frame);
        System.out.println("ferry-it: hand-written class was instantiated");
      } catch (SerializationException e) {
        System.out.println("ferry-it: refused " + e.getMessage());
      }
    }
  }
}
