import static com.github.tomakehurst.wiremock.client.WireMock.*
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig

import com.github.tomakehurst.wiremock.WireMockServer
import groovy.json.JsonOutput

def ct = 'application/vnd.schemaregistry.v1+json'
def text = { String path -> new File(basedir, path).getText('UTF-8') }
def server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress('127.0.0.1'))
server.start()
context.put('wiremock', server)

def money = text('src/main/proto/shop/money.proto')
def shipment = text('src/main/proto/shop/shipment.proto')
def order = text('src/main/avro/order.avsc')
def reference = [[name: 'shop/money.proto', subject: 'money-value', version: 2]]
def basic = equalTo('Basic ' + 'ci:s3cret-pw'.bytes.encodeBase64().toString())

server.stubFor(post(urlEqualTo('/subjects/money-value/versions?normalize=true')).withHeader('Authorization', basic)
    .withRequestBody(equalToJson(JsonOutput.toJson([schema: money, schemaType: 'PROTOBUF'])))
    .willReturn(okForContentType(ct, '{"id":5}')))
server.stubFor(post(urlEqualTo('/subjects/money-value?normalize=true'))
    .willReturn(okForContentType(ct, JsonOutput.toJson([subject: 'money-value', version: 2, id: 5,
        schemaType: 'PROTOBUF', schema: money]))))
server.stubFor(post(urlEqualTo('/subjects/shipments-value/versions?normalize=true')).withHeader('Authorization', basic)
    .withRequestBody(equalToJson(JsonOutput.toJson([schema: shipment, schemaType: 'PROTOBUF', references: reference])))
    .willReturn(okForContentType(ct, '{"id":6}')))
server.stubFor(post(urlEqualTo('/subjects/shipments-value?normalize=true'))
    .willReturn(okForContentType(ct, JsonOutput.toJson([subject: 'shipments-value', version: 1, id: 6,
        schemaType: 'PROTOBUF', schema: shipment, references: reference]))))
server.stubFor(post(urlEqualTo('/subjects/orders-value/versions?normalize=true')).withHeader('Authorization', basic)
    .withRequestBody(equalToJson(JsonOutput.toJson([schema: order])))
    .willReturn(okForContentType(ct, '{"id":7}')))
server.stubFor(post(urlEqualTo('/subjects/orders-value?normalize=true'))
    .willReturn(okForContentType(ct, JsonOutput.toJson([subject: 'orders-value', version: 4, id: 7, schema: order]))))

def pom = new File(basedir, 'pom.xml')
pom.text = pom.text.replace('REGISTRY_URL', server.baseUrl())
return true
