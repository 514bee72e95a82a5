// The user's tests ran, all three, and none failed or was skipped.
def report = new File(basedir, 'target/surefire-reports/TEST-com.acme.shop.CheckoutTest.xml')
assert report.isFile()
def suite = (report.text =~ /<testsuite [^>]*/)[0]
def count = { String name -> ((suite =~ /\b${name}="(\d+)"/)[0][1]) as int }
assert count('tests') == 3
assert count('failures') == 0
assert count('errors') == 0
assert count('skipped') == 0
return true
