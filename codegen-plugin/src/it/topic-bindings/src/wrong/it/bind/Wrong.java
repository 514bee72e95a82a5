package it.bind;

import it.bind.shop.OrdersTopic;
import it.bind.shop.PaymentEvent;

class Wrong {
  static void send(OrdersTopic orders, PaymentEvent payment) {
    orders.send(payment);
  }
}
