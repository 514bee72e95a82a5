// Confluent's own JavaScript serdes on one side of ConfluentJsCrossReadIT.
//   node cross-read.js write <registry-url> <records.json> <frames.json>
//     serializes the records with Confluent's Avro, Protobuf and JSON Schema serializers (auto-register),
//     once with PrefixSchemaIdSerializer and once with HeaderSchemaIdSerializer, and writes every frame.
//   node cross-read.js read <registry-url> <frames.json> <values.json>
//     deserializes every frame with Confluent's deserializers (DualSchemaIdDeserializer, their default)
//     and writes the values.
// Frames: [{format, form, topic, value: base64, headers: {name: base64}}].
'use strict';
const fs = require('fs');
const sr = require('@confluentinc/schemaregistry');
const pb = require('@bufbuild/protobuf');
const wkt = require('@bufbuild/protobuf/wkt');

const FORMS = { prefix: sr.PrefixSchemaIdSerializer, header: sr.HeaderSchemaIdSerializer };

// crossread/order.proto imports crossread/money.proto; Order is the second message (indexes [1]).
function protobufRegistry() {
  const STRING = 9, INT32 = 5, MESSAGE = 11, OPTIONAL = 1, REPEATED = 3;
  const field = (name, number, type, label, typeName) =>
    ({ name, number, type, label: label ?? OPTIONAL, jsonName: name, ...(typeName ? { typeName } : {}) });
  const money = pb.create(wkt.FileDescriptorProtoSchema, {
    name: 'crossread/money.proto', package: 'crossread.money', syntax: 'proto3',
    messageType: [{ name: 'Money', field: [field('currency', 1, STRING), field('cents', 2, INT32)] }],
  });
  const order = pb.create(wkt.FileDescriptorProtoSchema, {
    name: 'crossread/order.proto', package: 'crossread', syntax: 'proto3', dependency: ['crossread/money.proto'],
    messageType: [
      { name: 'Note', field: [field('text', 1, STRING)] },
      { name: 'Order', field: [
        field('id', 1, STRING), field('quantity', 2, INT32),
        field('price', 3, MESSAGE, OPTIONAL, '.crossread.money.Money'), field('tags', 4, STRING, REPEATED)] },
    ],
  });
  return pb.createFileRegistry(pb.create(wkt.FileDescriptorSetSchema, { file: [money, order] }));
}

function client(url) {
  return new sr.SchemaRegistryClient({ baseURLs: [url], cacheCapacity: 100 });
}

async function write(url, recordsFile, framesFile) {
  const records = JSON.parse(fs.readFileSync(recordsFile, 'utf8'));
  const registry = protobufRegistry();
  const orderDesc = registry.getMessage('crossread.Order');
  const moneyDesc = registry.getMessage('crossread.money.Money');
  const c = client(url);
  const frames = [];
  for (const [form, schemaIdSerializer] of Object.entries(FORMS)) {
    const conf = { autoRegisterSchemas: true, schemaIdSerializer };
    const serializers = {
      avro: new sr.AvroSerializer(c, sr.SerdeType.VALUE, conf),
      json: new sr.JsonSerializer(c, sr.SerdeType.VALUE, conf),
      protobuf: new sr.ProtobufSerializer(c, sr.SerdeType.VALUE, { ...conf, registry }),
    };
    for (const [format, serializer] of Object.entries(serializers)) {
      const topic = `js-${format}-${form}`;
      for (const record of records[format]) {
        const msg = format === 'protobuf'
          ? pb.create(orderDesc, { ...record, price: pb.create(moneyDesc, record.price) })
          : record;
        const headers = {};
        const value = await serializer.serialize(topic, msg, headers);
        frames.push({ format, form, topic, value: value.toString('base64'), headers: encode(headers) });
      }
    }
  }
  fs.writeFileSync(framesFile, JSON.stringify(frames));
}

async function read(url, framesFile, valuesFile) {
  const frames = JSON.parse(fs.readFileSync(framesFile, 'utf8'));
  const c = client(url);
  const deserializers = {
    avro: new sr.AvroDeserializer(c, sr.SerdeType.VALUE, {}),
    json: new sr.JsonDeserializer(c, sr.SerdeType.VALUE, {}),
    protobuf: new sr.ProtobufDeserializer(c, sr.SerdeType.VALUE, {}),
  };
  const values = [];
  for (const frame of frames) {
    const headers = {};
    for (const [name, value] of Object.entries(frame.headers)) {
      headers[name] = Buffer.from(value, 'base64');
    }
    const value = await deserializers[frame.format].deserialize(frame.topic, Buffer.from(frame.value, 'base64'), headers);
    values.push(value);
  }
  fs.writeFileSync(valuesFile, JSON.stringify(values, (key, v) => (typeof v === 'bigint' ? v.toString() : v)));
}

function encode(headers) {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Buffer.from(value).toString('base64')]));
}

const [mode, url, input, output] = process.argv.slice(2);
const run = mode === 'write' ? write : mode === 'read' ? read : null;
if (run == null || output == null) {
  console.error('usage: node cross-read.js write|read <registry-url> <input.json> <output.json>');
  process.exit(2);
}
run(url, input, output).then(
  () => process.exit(0),
  (e) => { console.error(e && e.stack ? e.stack : String(e)); process.exit(1); });
