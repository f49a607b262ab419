package org.dinfra.reactor.cloudstack.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.BeforeClass;
import org.junit.Test;
import org.dinfra.reactor.cloudstack.testing.FakeCloudStack;

/**
 * Our signer against two independent clients, PyPI {@code cs} and Apache Libcloud, signing the
 * same requests ({@code src/test/python/sign_vectors.py}), and against CloudStack's server-side
 * algorithm. Where a client is known to sign differently from the server, the test checks that
 * it really does, and that we sign as the server does.
 *
 * <p>The Python comes from the venv that {@code scripts/test.sh} creates
 * ({@code ~/.cache/dinfra/venv-cloudstack}), or from {@code DINFRA_CLOUDSTACK_PYTHON}. Without it
 * the test fails, naming what to run.
 */
public class CrossClientSigningTest {
	private static JsonNode vectors;

	static Path python() {
		String configured = System.getenv("DINFRA_CLOUDSTACK_PYTHON");
		if (configured == null || configured.isBlank()) {
			configured = System.getProperty("dinfra.cloudstack.python", "");
		}
		return configured.isBlank()
				? Path.of(System.getProperty("user.home"), ".cache", "dinfra", "venv-cloudstack", "bin", "python")
				: Path.of(configured);
	}

	@BeforeClass
	public static void runTheReferenceClients() throws Exception {
		Path python = python();
		if (!Files.isExecutable(python)) {
			fail("no Python with the reference CloudStack clients at " + python + ": run scripts/test.sh (it creates the venv"
					+ " ~/.cache/dinfra/venv-cloudstack with PyPI cs and apache-libcloud), or set DINFRA_CLOUDSTACK_PYTHON"
					+ " to a python3 that has them");
		}
		String script = System.getProperty("dinfra.cloudstack.signVectors", "src/test/python/sign_vectors.py");
		File out = File.createTempFile("sign-vectors", ".json");
		File err = File.createTempFile("sign-vectors", ".err");
		try {
			Process p = new ProcessBuilder(python.toString(), script).redirectOutput(out).redirectError(err).start();
			if (!p.waitFor(60, TimeUnit.SECONDS)) {
				p.destroyForcibly();
				fail("sign_vectors.py did not finish within 60 s");
			}
			if (p.exitValue() != 0) {
				fail("sign_vectors.py failed (exit " + p.exitValue() + ") with " + python + ":\n"
						+ Files.readString(err.toPath(), StandardCharsets.UTF_8));
			}
			vectors = new ObjectMapper().readTree(out);
		} finally {
			delete(out);
			delete(err);
		}
	}

	private static void delete(File f) throws IOException {
		Files.deleteIfExists(f.toPath());
	}

	private static Map<String, String> params(JsonNode c) {
		Map<String, String> p = new LinkedHashMap<>();
		Iterator<Map.Entry<String, JsonNode>> fields = c.get("params").fields();
		fields.forEachRemaining(e -> p.put(e.getKey(), e.getValue().asText()));
		return p;
	}

	@Test
	public void everyCaseSignsAsTheCloudStackServerVerifies() {
		int n = 0;
		for (JsonNode c : vectors.get("cases")) {
			Map<String, String> p = params(c);
			String secret = c.get("secret").asText();
			assertEquals(c.get("name").asText(), FakeCloudStack.serverSignature(p, secret), CloudStackSigner.sign(p, secret));
			n++;
		}
		assertTrue("the script signs at least a dozen cases, not " + n, n >= 12);
	}

	@Test
	public void bothClientsSignTheDocumentationExampleAsDocumented() {
		JsonNode doc = vectors.get("cases").get(0);
		assertEquals("documentation example (listUsers)", doc.get("name").asText());
		assertEquals("TTpdDq/7j/J58XCRHomKoQXEQds=", doc.get("cs").asText());
		assertEquals("TTpdDq/7j/J58XCRHomKoQXEQds=", doc.get("libcloud").asText());
	}

	@Test
	public void eachClientAgreesWithUsExceptWhereItIsKnownToDifferFromTheServer() {
		StringBuilder report = new StringBuilder();
		int agreements = 0;
		for (JsonNode c : vectors.get("cases")) {
			Map<String, String> p = params(c);
			String ours = CloudStackSigner.sign(p, c.get("secret").asText());
			for (String client : new String[] {"cs", "libcloud"}) {
				String theirs = c.get(client).asText();
				JsonNode deviation = c.get("deviations").get(client);
				String what = c.get("name").asText() + " / " + client;
				if (deviation == null) {
					assertEquals(what, theirs, ours);
					agreements++;
				} else {
					assertNotEquals(what + " was expected to differ (" + deviation.asText() + ")", theirs, ours);
					report.append(what).append(": differs as expected: ").append(deviation.asText()).append('\n');
				}
			}
		}
		assertTrue(agreements >= 20);
		System.out.println("clients " + vectors.get("clients") + ", " + agreements + " agreements\n" + report);
	}
}
