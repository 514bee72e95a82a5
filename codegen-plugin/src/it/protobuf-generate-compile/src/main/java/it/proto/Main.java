package it.proto;

import com.google.protobuf.Timestamp;
import it.proto.shop.Money;
import it.proto.shop.OrderEvent;

public class Main {
  public static void main(String[] args) throws Exception {
    OrderEvent order = OrderEvent.newBuilder()
        .setOrderId("o-2")
        .setTotal(Money.newBuilder().setUnits(7).setCurrency("EUR"))
        .setPlacedAt(Timestamp.newBuilder().setSeconds(1_700_000_000L))
        .build();
    OrderEvent back = OrderEvent.parseFrom(order.toByteArray());
    System.out.println("ferry-it: round trip " + back.getOrderId() + " " + back.getTotal().getUnits()
        + " " + back.getPlacedAt().getSeconds());
  }
}
