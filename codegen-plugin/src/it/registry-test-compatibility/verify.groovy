import static com.github.tomakehurst.wiremock.client.WireMock.*

def server = context.get('wiremock')
try {
  def log = new File(basedir, 'build.log').text
  def order = new File(basedir, 'src/main/avro/order.avsc').canonicalPath
  def payment = new File(basedir, 'src/main/avro/payment.avsc').canonicalPath
  // Every incompatibility of every subject is listed, with the registry's own words
  assert log.contains("[ERROR] orders-value (${order}): Incompatibility{type:READER_FIELD_MISSING_DEFAULT_VALUE, location:/fields/2, message:note")
  assert log.contains("[ERROR] orders-value (${order}): {oldSchemaVersion: 3}")
  assert log.contains("[ERROR] payments-value (${payment}): Incompatibility{type:TYPE_MISMATCH, location:/fields/0/type, message:reader type: STRING not compatible with writer type: LONG")
  assert log.contains('shipments-value (' + new File(basedir, 'src/main/proto/shop/shipment.proto').canonicalPath + '): compatible')
  assert log.contains('refunds-value (' + new File(basedir, 'src/main/avro/refund.avsc').canonicalPath + '): new subject')
  assert log.contains('2 of 4 subjects incompatible')
  assert log.contains('BUILD FAILURE')
  assert !log.contains('it-token-4711') : 'the bearer token must not be logged'
  // The reference without a version was resolved to the referenced subject's latest
  server.verify(1, getRequestedFor(urlEqualTo('/subjects/money-value/versions/latest')))
  server.verify(4, postRequestedFor(urlMatching('/compatibility/subjects/[^/]*/versions\\?verbose=true'))
      .withHeader('Content-Type', equalTo('application/vnd.schemaregistry.v1+json'))
      .withHeader('Authorization', equalTo('Bearer it-token-4711')))
  assert server.findAllUnmatchedRequests().isEmpty()
} finally {
  server.stop()
}
return true
