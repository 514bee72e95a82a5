package com.acme.shop;

/** The application under test: a checkout that publishes every placed order. */
public final class Checkout {

    private final OrdersTopic orders;

    public Checkout(OrdersTopic orders) {
        this.orders = orders;
    }

    public OrderEvent place(String orderId, String customer, long cents) {
        OrderEvent order = OrderEvent.newBuilder().setOrderId(orderId).setCustomer(customer).setCents(cents).build();
        orders.send(order).join();
        return order;
    }
}
