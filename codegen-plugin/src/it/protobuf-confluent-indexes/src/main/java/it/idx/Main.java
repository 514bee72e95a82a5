package it.idx;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import dev.ferry.common.Headers;
import dev.ferry.registry.Schema;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.protobuf.ProtobufDeserializer;
import dev.ferry.serdes.protobuf.ProtobufSerializer;
import it.idx.shop.Customer;
import it.idx.shop.Order;
import it.idx.shop.Pair;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Frames written as Confluent's clients write them, with no Ferry code: the header (magic byte,
 * schema id 1, Confluent's message indexes) by hand, then the generated message's toByteArray().
 * Ferry reads each into the generated class and as a DynamicMessage of the named type, and its
 * serializer, following that registered text, writes the same header.
 */
public class Main {

  record ConfluentFrame(Message message, String header) {
    byte[] bytes() {
      byte[] head = HexFormat.of().parseHex(header.replace(" ", ""));
      byte[] body = message.toByteArray();
      byte[] frame = Arrays.copyOf(head, head.length + body.length);
      System.arraycopy(body, 0, frame, head.length, body.length);
      return frame;
    }
  }

  public static void main(String[] args) throws IOException {
    Order.Line line = Order.Line.newBuilder().setSku("sku-1").setQuantity(3).build();
    Order.Audit.Deep deep = Order.Audit.Deep.newBuilder().setNote("checked").setRevision(7).build();
    Order.Audit audit = Order.Audit.newBuilder().putTags("by", "ops").addHistory(deep).build();
    Order.Header header = Order.Header.newBuilder().setChannel("web")
        .setPlacedAt(Timestamp.newBuilder().setSeconds(1_700_000_000)).build();
    Order order = Order.newBuilder().setId("o-1").putPrices("EUR", 1250).setHeader(header).addLines(line)
        .putLabels("gift", "yes").setAudit(audit).build();
    Pair.A a = Pair.A.newBuilder().setLeft("left").build();
    Pair.B b = Pair.B.newBuilder().setRight("right").build();
    List<ConfluentFrame> frames = List.of(
        new ConfluentFrame(Customer.newBuilder().setId("c-1").putPreferences("lang", "de").build(), "00 00000001 00"),
        new ConfluentFrame(order, "00 00000001 02 04"),
        // PricesEntry, declared before Header, is not counted
        new ConfluentFrame(header, "00 00000001 04 04 00"),
        new ConfluentFrame(line, "00 00000001 04 04 04"),
        // nor LabelsEntry, before Audit
        new ConfluentFrame(audit, "00 00000001 04 04 06"),
        // nor Audit's TagsEntry, before Deep
        new ConfluentFrame(deep, "00 00000001 06 04 06 00"),
        // nor WeightsEntry, before A and B
        new ConfluentFrame(a, "00 00000001 04 06 02"),
        new ConfluentFrame(b, "00 00000001 04 06 04"));

    try (SchemaRegistryClient registry = SchemaRegistryClients.create(
        Map.of("schema.registry.url", "mock://protobuf-confluent-indexes-it"))) {
      int id = registry.register("orders-value", Schema.protobuf(resource("shop/order.proto")));
      check(id == 1, "the user's text was registered with id " + id + ", the frames name id 1");
      ProtobufDeserializer<DynamicMessage> dynamic = ProtobufDeserializer.<DynamicMessage>builder(registry).build();
      for (ConfluentFrame frame : frames) {
        String type = frame.message().getDescriptorForType().getFullName();
        Message specific = ProtobufDeserializer.<Message>builder(registry)
            .config(SerdeConfig.builder().specificProtobufValueType(frame.message().getClass()).build()).build()
            .deserialize("orders", new Headers(), frame.bytes());
        check(specific.equals(frame.message()), type + " read into " + frame.message().getClass().getName() + " as " + specific);
        DynamicMessage read = dynamic.deserialize("orders", new Headers(), frame.bytes());
        check(read.getDescriptorForType().getFullName().equals(type),
            "the frame " + frame.header() + " of " + type + " was read as " + read.getDescriptorForType().getFullName());
        check(Arrays.equals(read.toByteArray(), frame.message().toByteArray()), type + " read as a DynamicMessage differs");
        // Against the user's text, as Confluent's serializer with use.latest.version numbers it (registering the
        // class's own text, both would declare the map entries and count them).
        byte[] written = ProtobufSerializer.<Message>builder(registry)
            .config(SerdeConfig.builder().useLatestVersion(true).autoRegisterSchemas(false).build()).build()
            .serialize("orders", new Headers(), frame.message());
        String writtenHeader = HexFormat.of().formatHex(written, 0, frame.bytes().length - frame.message().getSerializedSize());
        check(writtenHeader.equals(frame.header().replace(" ", "")),
            "Ferry wrote " + type + " with the header " + writtenHeader + ", Confluent's is " + frame.header());
        System.out.println("ferry-it: " + type + " [" + frame.header() + "] read into the generated class and as a "
            + "DynamicMessage; Ferry writes the same header");
      }
      System.out.println("ferry-it: all " + frames.size() + " Confluent frames read as their types");
    }
  }

  private static String resource(String path) throws IOException {
    try (InputStream in = Main.class.getClassLoader().getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void check(boolean holds, String problem) {
    if (!holds) {
      throw new IllegalStateException(problem);
    }
  }
}
