def log = new File(basedir, 'build.log').text
def avro = new File(basedir, 'src/main/avro').canonicalPath
def proto = new File(basedir, 'src/main/proto').canonicalPath
// Avro semantic error: Avro gives no position, the plugin finds the offending name
assert log.contains("${avro}/order.avsc:7:31: Undefined schema: it.bad.Mony")
// Avro syntax error: Jackson's position
assert log.contains("${avro}/syntax.avsc:5:37: Unexpected character")
// Protobuf: protoc's own position and message
assert log.contains("${proto}/bad.proto:7:3: \"Nope\" is not defined.")
assert log.contains('BUILD FAILURE')
assert !log.contains('ok.avsc:')
return true
