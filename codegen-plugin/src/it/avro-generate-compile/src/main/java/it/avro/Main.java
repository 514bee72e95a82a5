package it.avro;

import it.avro.shop.Currency;
import it.avro.shop.Money;
import it.avro.shop.OrderEvent;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

public class Main {
  public static void main(String[] args) throws Exception {
    OrderEvent order = OrderEvent.newBuilder()
        .setOrderId("o-1")
        .setTotal(new Money(new BigDecimal("12.50"), Currency.EUR))
        .build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new SpecificDatumWriter<>(OrderEvent.class).write(order, encoder);
    encoder.flush();
    OrderEvent back = new SpecificDatumReader<>(OrderEvent.class)
        .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    String id = back.getOrderId();
    BigDecimal amount = back.getTotal().getAmount();
    System.out.println("ferry-it: round trip " + id + " " + amount + " " + back.getTotal().getCurrency());
  }
}
