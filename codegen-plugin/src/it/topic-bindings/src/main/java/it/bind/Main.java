package it.bind;

import dev.ferry.common.Headers;
import dev.ferry.producer.ProducerRecord;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import dev.ferry.serdes.SerdeConfig;
import it.bind.proto.Shipment;
import it.bind.proto.ShipmentsTopic;
import it.bind.shop.OrderEvent;
import it.bind.shop.OrdersTopic;
import it.bind.shop.PaymentEvent;
import it.bind.topics.PaymentsTopic;
import java.util.Map;

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
  }
}
