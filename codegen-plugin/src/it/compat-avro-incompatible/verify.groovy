def log = new File(basedir, 'build.log').text
def file = new File(basedir, 'src/main/avro/order.avsc').canonicalPath
assert log.contains("[ERROR] ${file}: it.compat.OrderEvent.note: reader field 'note' has no default value and is missing in the writer (the new schema cannot read data written with the previous schema)")
assert log.contains('1 breaking change at BACKWARD against ' + new File(basedir, 'src/baseline').canonicalPath)
assert log.contains('BUILD FAILURE')
return true
