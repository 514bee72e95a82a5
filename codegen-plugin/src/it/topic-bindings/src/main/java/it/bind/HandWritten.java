package it.bind;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/** An Avro record class the plugin did not generate and no deserializer names: never trusted. */
public class HandWritten extends SpecificRecordBase {
  public static final Schema SCHEMA$ = new Schema.Parser().parse(
      "{\"type\": \"record\", \"name\": \"HandWritten\", \"namespace\": \"it.bind\","
          + " \"fields\": [{\"name\": \"id\", \"type\": \"string\"}]}");

  private CharSequence id;

  @Override
  public Schema getSchema() {
    return SCHEMA$;
  }

  @Override
  public Object get(int field) {
    return id;
  }

  @Override
  public void put(int field, Object value) {
    id = (CharSequence) value;
  }
}
