package org.dinfra.reactor.cloudstack.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.Test;

public class CloudStackSignerTest {
	/** The account of the example in CloudStack's documentation ("Signing API Requests", listUsers). */
	static final String DOC_API_KEY = "plgWJfZK4gyS3mOMTVmjUVg-X-jlWlnfaUJ9GAbBbf9EdM-kAYMmAiLqzzq1ElZLYq_u38zCm0bewzGUdP66mg";
	static final String DOC_SECRET = "VDaACYb0LV9eNjTetIOElcVQkvJck_J_QljX_FcHRj87ZKiy0z0ty0ZsYBkoXkY9b7eq1EhwJaw7FF3akA3KBQ";

	private static Map<String, String> docRequest() {
		Map<String, String> p = new LinkedHashMap<>();
		p.put("command", "listUsers");
		p.put("response", "json");
		p.put("apikey", DOC_API_KEY);
		return p;
	}

	@Test
	public void documentationExampleSignsToTheDocumentedSignature() {
		assertEquals("apikey=plgwjfzk4gys3momtvmjuvg-x-jlwlnfauj9gabbbf9edm-kaymmailqzzq1elzlyq_u38zcm0bewzgudp66m"
				+ "g&command=listusers&response=json", CloudStackSigner.canonical(docRequest()));
		assertEquals("TTpdDq/7j/J58XCRHomKoQXEQds=", CloudStackSigner.sign(docRequest(), DOC_SECRET));
	}

	@Test
	public void signatureParameterIsNotSigned() {
		Map<String, String> p = docRequest();
		p.put("signature", "anything");
		assertEquals("TTpdDq/7j/J58XCRHomKoQXEQds=", CloudStackSigner.sign(p, DOC_SECRET));
	}

	@Test
	public void spacesAreEncodedAsPercent20AndValuesAreLowerCasedAfterEncoding() {
		Map<String, String> p = new LinkedHashMap<>();
		p.put("name", "A b+c/é*~");
		assertEquals("name=a%20b%2bc%2f%c3%a9*%7e", CloudStackSigner.canonical(p));
	}

	@Test
	public void namesAreSortedAsCloudStackSortsThemCaseSensitively() {
		Map<String, String> p = new LinkedHashMap<>();
		p.put("command", "x");
		p.put("Zoneid", "1");
		p.put("apikey", "k");
		// String order puts upper case first, before the whole string is lower-cased
		assertEquals("zoneid=1&apikey=k&command=x", CloudStackSigner.canonical(p));
	}

	@Test
	public void aDifferentSecretGivesADifferentSignature() {
		assertNotEquals(CloudStackSigner.sign(docRequest(), DOC_SECRET), CloudStackSigner.sign(docRequest(), DOC_SECRET + "x"));
	}
}
