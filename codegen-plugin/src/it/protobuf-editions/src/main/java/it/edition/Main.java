package it.edition;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Timestamp;
import dev.ferry.common.Headers;
import dev.ferry.registry.SchemaRegistryClient;
import dev.ferry.registry.SchemaRegistryClients;
import dev.ferry.serdes.SerdeConfig;
import dev.ferry.serdes.protobuf.ProtobufDeserializer;
import dev.ferry.serdes.protobuf.ProtobufSerializer;
import com.acme.edition.Product;
import com.acme.edition.Region;
import com.acme.edition.Status;
import com.acme.edition.rpc.Lookup;
import java.util.Arrays;
import java.util.Map;

public class Main {
  public static void main(String[] args) {
    Product product = Product.newBuilder()
        .setSku("sku-1")
        .setPriceCents(1999)
        .addAllSizes(Arrays.asList(38, 40))
        .addAllLegacyCodes(Arrays.asList(7, 9))
        .setStatus(Status.ACTIVE)
        .setInternalRef("r-1")
        .putLabels("colour", "red")
        .setListedAt(Timestamp.newBuilder().setSeconds(1_700_000_000L))
        .setPercent(15)
        .setVariant(Product.Variant.newBuilder().setWeightGrams(250))
        .build();
    Map<String, Object> properties = Map.of("schema.registry.url", "mock://protobuf-editions-it");
    try (SchemaRegistryClient registry = SchemaRegistryClients.create(properties)) {
      byte[] frame = ProtobufSerializer.<Product>builder(registry).build()
          .serialize("products", new Headers(), product);
      String text = registry.latest("products-value").schema().text();
      System.out.println("ferry-it: registered " + text.lines().filter(l -> !l.isBlank()).findFirst().orElse("")
          + " implicit=" + text.contains("features.field_presence = IMPLICIT")
          + " expanded=" + text.contains("features.repeated_field_encoding = EXPANDED"));

      Product typed = ProtobufDeserializer.<Product>builder(registry)
          .config(SerdeConfig.fromProperties(Map.of("specific.protobuf.value.type", Product.class.getName())))
          .build()
          .deserialize("products", new Headers(), frame);
      System.out.println("ferry-it: typed round trip equal=" + typed.equals(product));

      // Read without the class: the message type comes from the registered text, with its features.
      DynamicMessage dynamic = ProtobufDeserializer.<DynamicMessage>builder(registry).build()
          .deserialize("products", new Headers(), frame);
      Descriptor read = dynamic.getDescriptorForType();
      System.out.println("ferry-it: dynamic read " + read.getFullName()
          + " bytes equal=" + Arrays.equals(dynamic.toByteArray(), product.toByteArray())
          + " price_cents presence=" + read.findFieldByName("price_cents").hasPresence()
          + " legacy_codes packed=" + read.findFieldByName("legacy_codes").isPacked()
          + " sizes packed=" + read.findFieldByName("sizes").isPacked()
          + " region closed=" + read.getFile().findEnumTypeByName("Region").isClosed()
          + " status closed=" + read.findFieldByName("status").getEnumType().isClosed());
      Descriptor generated = Product.getDescriptor();
      System.out.println("ferry-it: generated price_cents presence=" + generated.findFieldByName("price_cents").hasPresence()
          + " legacy_codes packed=" + generated.findFieldByName("legacy_codes").isPacked()
          + " region closed=" + Region.getDescriptor().isClosed()
          + " status closed=" + Status.getDescriptor().isClosed());

      // The edition 2024 file: a map field and a oneof, through the same serdes.
      Lookup lookup = Lookup.newBuilder().setSku("sku-1").putHints("aisle", "4").build();
      byte[] lookupFrame = ProtobufSerializer.<Lookup>builder(registry).build()
          .serialize("lookups", new Headers(), lookup);
      Lookup lookedUp = ProtobufDeserializer.<Lookup>builder(registry)
          .config(SerdeConfig.fromProperties(Map.of("specific.protobuf.value.type", Lookup.class.getName())))
          .build()
          .deserialize("lookups", new Headers(), lookupFrame);
      System.out.println("ferry-it: edition 2024 round trip equal=" + lookedUp.equals(lookup) + " registered "
          + registry.latest("lookups-value").schema().text().lines().filter(l -> !l.isBlank()).findFirst().orElse(""));
    }
  }
}
