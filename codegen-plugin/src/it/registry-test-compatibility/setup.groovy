import static com.github.tomakehurst.wiremock.client.WireMock.*
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig

import com.github.tomakehurst.wiremock.WireMockServer
import groovy.json.JsonOutput

// A WireMock registry answering as Confluent Schema Registry 7.x does, verbose compatibility included.
def ct = 'application/vnd.schemaregistry.v1+json'
def text = { String path -> new File(basedir, path).getText('UTF-8') }
def server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress('127.0.0.1'))
server.start()
context.put('wiremock', server)

def oldOrder = '{"type":"record","name":"OrderEvent","namespace":"it.registry","fields":[{"name":"orderId","type":"string"},{"name":"cents","type":"long"}]}'
server.stubFor(post(urlEqualTo('/compatibility/subjects/orders-value/versions?verbose=true'))
    .withHeader('Authorization', equalTo('Bearer it-token-4711'))
    .withRequestBody(equalToJson(JsonOutput.toJson([schema: text('src/main/avro/order.avsc')])))
    .willReturn(okForContentType(ct, JsonOutput.toJson([is_compatible: false, messages: [
        'Incompatibility{type:READER_FIELD_MISSING_DEFAULT_VALUE, location:/fields/2, message:note, reader:' +
            '{"type":"record","name":"OrderEvent","namespace":"it.registry","fields":[{"name":"orderId","type":"string"},' +
            '{"name":"cents","type":"long"},{"name":"note","type":"string"}]}, writer:' + oldOrder + '}',
        '{oldSchemaVersion: 3}',
        "{oldSchema: '" + oldOrder + "'}",
        "{validateFields: 'false', compatibility: 'BACKWARD'}"]]))))
server.stubFor(post(urlEqualTo('/compatibility/subjects/payments-value/versions?verbose=true'))
    .withRequestBody(equalToJson(JsonOutput.toJson([schema: text('src/main/avro/payment.avsc')])))
    .willReturn(okForContentType(ct, JsonOutput.toJson([is_compatible: false, messages: [
        'Incompatibility{type:TYPE_MISMATCH, location:/fields/0/type, message:reader type: STRING not compatible with writer type: LONG, reader:' +
            '{"type":"record","name":"PaymentEvent","namespace":"it.registry","fields":[{"name":"cents","type":"string"}]}, writer:' +
            '{"type":"record","name":"PaymentEvent","namespace":"it.registry","fields":[{"name":"cents","type":"long"}]}}',
        '{oldSchemaVersion: 1}',
        "{validateFields: 'false', compatibility: 'BACKWARD'}"]]))))
server.stubFor(get(urlEqualTo('/subjects/money-value/versions/latest'))
    .willReturn(okForContentType(ct, JsonOutput.toJson([subject: 'money-value', version: 2, id: 5,
        schemaType: 'PROTOBUF', schema: text('src/main/proto/shop/money.proto')]))))
server.stubFor(post(urlEqualTo('/compatibility/subjects/shipments-value/versions?verbose=true'))
    .withRequestBody(equalToJson(JsonOutput.toJson([schema: text('src/main/proto/shop/shipment.proto'),
        schemaType: 'PROTOBUF', references: [[name: 'shop/money.proto', subject: 'money-value', version: 2]]])))
    .willReturn(okForContentType(ct, '{"is_compatible":true,"messages":[]}')))
server.stubFor(post(urlEqualTo('/compatibility/subjects/refunds-value/versions?verbose=true'))
    .willReturn(aResponse().withStatus(404).withHeader('Content-Type', ct)
        .withBody('{"error_code":40401,"message":"Subject \'refunds-value\' not found."}')))

def pom = new File(basedir, 'pom.xml')
pom.text = pom.text.replace('REGISTRY_URL', server.baseUrl())
return true
