package org.dinfra.core.internal.schema;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.startsWith;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.Test;

public class CompiledSchemaTest {
	/** A Compose-like schema using draft 2020-12 keywords. */
	private static final String SCHEMA = """
			{
			  "$schema": "https://json-schema.org/draft/2020-12/schema",
			  "$id": "https://schemas.dinfra.test/compose.schema.json",
			  "type": "object",
			  "required": ["services"],
			  "additionalProperties": false,
			  "properties": {
			    "services": {
			      "type": "object",
			      "minProperties": 1,
			      "additionalProperties": { "$ref": "#/$defs/service" }
			    },
			    "tuple": { "type": "array", "prefixItems": [{ "type": "string" }, { "type": "integer" }], "items": false },
			    "volumes": { "type": "object", "dependentRequired": { "driver": ["size"] } },
			    "labels": { "type": "object", "properties": { "team": { "type": "string" } }, "unevaluatedProperties": false },
			    "mode": { "enum": ["replicated", "global"] },
			    "version": { "const": 1 }
			  },
			  "$defs": {
			    "service": {
			      "type": "object",
			      "required": ["image"],
			      "additionalProperties": false,
			      "properties": {
			        "image": { "type": "string", "minLength": 1 },
			        "ports": { "type": "array", "items": { "type": "string", "pattern": "^[0-9]+:[0-9]+$" } }
			      }
			    }
			  }
			}
			""";

	private static final CompiledSchema COMPOSE = CompiledSchema.compile(SCHEMA);

	private static List<String> validate(String json) {
		return COMPOSE.validate(json.getBytes(StandardCharsets.UTF_8));
	}

	/** @return the single problem found */
	private static String problem(String json) {
		List<String> problems = validate(json);
		assertEquals(problems.toString(), 1, problems.size());
		return problems.get(0);
	}

	@Test
	public void validDescriptorHasNoProblems() {
		assertEquals(List.of(), validate("""
				{"services": {"web": {"image": "nginx:1.27", "ports": ["8080:80"]}},
				 "tuple": ["a", 1], "volumes": {"driver": "local", "size": 3}, "labels": {"team": "ops"},
				 "mode": "global", "version": 1}
				"""));
	}

	@Test
	public void idIsTheSchemasId() {
		assertEquals("https://schemas.dinfra.test/compose.schema.json", COMPOSE.id());
		assertEquals("", CompiledSchema.compile("{\"type\":\"object\"}").id());
	}

	@Test
	public void typeErrorStartsWithThePointerOfTheOffendingValue() {
		String p = problem("{\"services\": {\"web\": {\"image\": 5}}}");
		assertThat(p, startsWith("/services/web/image: "));
		assertThat(p, containsString("string"));
	}

	@Test
	public void errorInsideAnArrayNamesTheItemsIndex() {
		assertThat(problem("{\"services\": {\"web\": {\"image\": \"x\", \"ports\": [\"80:80\", \"eighty\"]}}}"),
				startsWith("/services/web/ports/1: "));
	}

	@Test
	public void unknownPropertyUnderAdditionalPropertiesFalseNamesItsOwnPointer() {
		String p = problem("{\"services\": {\"web\": {\"image\": \"x\", \"bogus\": 1}}}");
		assertThat(p, startsWith("/services/web/bogus: "));
		assertThat(p, containsString("'bogus'"));
		assertThat(problem("{\"services\": {\"web\": {\"image\": \"x\"}}, \"extra\": true}"), startsWith("/extra: "));
	}

	@Test
	public void pointersEscapeSlashAndTildeInPropertyNames() {
		assertThat(problem("{\"services\": {\"web\": {\"image\": \"x\", \"a/b~c\": 1}}}"),
				startsWith("/services/web/a~1b~0c: "));
		assertThat(problem("{\"services\": {\"we/b\": {\"image\": 5}}}"), startsWith("/services/we~1b/image: "));
	}

	@Test
	public void missingRequiredPropertyIsReportedAtItsObject() {
		String p = problem("{\"services\": {\"web\": {}}}");
		assertThat(p, startsWith("/services/web: "));
		assertThat(p, containsString("image"));
		assertThat(problem("{}"), startsWith("/: "));
	}

	@Test
	public void wrongRootTypeIsReportedAtTheRoot() {
		assertThat(problem("[]"), startsWith("/: "));
	}

	@Test
	public void prefixItemsAndItemsFalseAreEnforced() {
		List<String> problems = validate("{\"services\": {\"w\": {\"image\": \"x\"}}, \"tuple\": [\"a\", \"b\", 3]}");
		assertEquals(problems.toString(), 2, problems.size());
		assertTrue(problems.toString(), problems.stream().anyMatch(p -> p.startsWith("/tuple/1: ")));
		assertTrue("an item beyond prefixItems names its own pointer: " + problems,
				problems.stream().anyMatch(p -> p.startsWith("/tuple/2: ")));
	}

	@Test
	public void dependentRequiredIsEnforced() {
		String p = problem("{\"services\": {\"w\": {\"image\": \"x\"}}, \"volumes\": {\"driver\": \"local\"}}");
		assertThat(p, startsWith("/volumes: "));
		assertThat(p, containsString("size"));
	}

	@Test
	public void unevaluatedPropertyNamesItsOwnPointer() {
		String p = problem("{\"services\": {\"w\": {\"image\": \"x\"}}, \"labels\": {\"team\": \"a\", \"cost\": 1}}");
		assertThat(p, startsWith("/labels/cost: "));
	}

	@Test
	public void enumConstAndMinPropertiesAreEnforced() {
		assertThat(problem("{\"services\": {\"w\": {\"image\": \"x\"}}, \"mode\": \"solo\"}"), startsWith("/mode: "));
		assertThat(problem("{\"services\": {\"w\": {\"image\": \"x\"}}, \"version\": 2}"), startsWith("/version: "));
		assertThat(problem("{\"services\": {}}"), startsWith("/services: "));
	}

	@Test
	public void everyProblemIsReported() {
		List<String> problems = validate(
				"{\"services\": {\"a\": {\"image\": 1}, \"b\": {\"image\": \"\"}}, \"mode\": 3, \"x\": 0}");
		assertEquals(problems.toString(), 4, problems.size());
		problems.forEach(p -> assertThat(p, startsWith("/")));
	}

	@Test
	public void draft202012IsTheDefaultDialect() {
		// Without $schema, prefixItems must still be understood (earlier drafts ignore it).
		CompiledSchema schema = CompiledSchema.compile("{\"prefixItems\": [{\"type\": \"integer\"}]}");
		assertThat(schema.validate("[\"not a number\"]".getBytes(StandardCharsets.UTF_8)).get(0), startsWith("/0: "));
	}

	@Test
	public void nonJsonInputIsOneProblemAtTheRoot() {
		assertThat(problem("not json"), startsWith("/: not valid JSON"));
		assertThat(problem("{\"services\": "), startsWith("/: not valid JSON"));
		assertThat(problem(""), startsWith("/: "));
		List<String> invalidUtf8 = COMPOSE.validate(new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'});
		assertEquals(invalidUtf8.toString(), 1, invalidUtf8.size());
		assertThat(invalidUtf8.get(0), startsWith("/: not valid JSON"));
	}

	@Test
	public void contentAfterTheDocumentIsNotJson() {
		assertThat(problem("{\"services\": {\"w\": {\"image\": \"x\"}}} trailing"), startsWith("/: not valid JSON"));
		assertThat(problem("{\"services\": {\"w\": {\"image\": \"x\"}}} {}"), startsWith("/: not valid JSON"));
	}

	@Test
	public void duplicateKeysAreRefused() {
		String p = problem("{\"services\": {\"w\": {\"image\": \"x\"}}, \"services\": {}}");
		assertThat(p, startsWith("/: not valid JSON"));
		assertThat(p, containsString("services"));
		assertThat(problem("{\"services\": {\"w\": {\"image\": \"x\", \"image\": \"y\"}}}"), containsString("image"));
	}

	@Test
	public void schemaThatIsNotJsonDoesNotCompile() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> CompiledSchema.compile("{\"type\": "));
		assertThat(e.getMessage(), containsString("not valid JSON"));
		assertThrows(IllegalArgumentException.class, () -> CompiledSchema.compile("{\"type\":\"object\"} x"));
	}

	@Test
	public void schemaWithDuplicateKeysDoesNotCompile() {
		assertThrows(IllegalArgumentException.class,
				() -> CompiledSchema.compile("{\"type\": \"object\", \"type\": \"array\"}"));
	}

	@Test
	public void schemaThatIsNotAnObjectDoesNotCompile() {
		assertThat(assertThrows(IllegalArgumentException.class, () -> CompiledSchema.compile("[]")).getMessage(),
				containsString("object"));
		assertThrows(IllegalArgumentException.class, () -> CompiledSchema.compile(""));
	}

	@Test
	public void unresolvableLocalReferenceDoesNotCompile() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CompiledSchema
				.compile("{\"properties\": {\"a\": {\"$ref\": \"#/$defs/missing\"}}}"));
		assertThat(e.getMessage(), containsString("missing"));
	}

	@Test
	public void referenceToTheBundledMetaSchemaResolvesOffline() {
		CompiledSchema meta = CompiledSchema.compile("{\"$ref\": \"https://json-schema.org/draft/2020-12/schema\"}");
		assertEquals(List.of(), meta.validate(SCHEMA.getBytes(StandardCharsets.UTF_8)));
		assertThat(meta.validate("{\"type\": 5}".getBytes(StandardCharsets.UTF_8)).get(0), startsWith("/type: "));
	}

	@Test(timeout = 20_000)
	public void remoteReferenceIsRefusedWithoutNetworkAccess() throws IOException {
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			String url = "http://127.0.0.1:" + server.getLocalPort() + "/remote.schema.json";
			String schema = "{\"type\": \"object\", \"properties\": {\"a\": {\"$ref\": \"" + url + "\"}}}";
			boolean refused;
			try {
				CompiledSchema compiled = CompiledSchema.compile(schema);
				List<String> problems = compiled.validate("{\"a\": 1}".getBytes(StandardCharsets.UTF_8));
				refused = !problems.isEmpty();
			} catch (IllegalArgumentException e) {
				refused = true;
			}
			assertTrue("a schema with a remote $ref is refused", refused);
			server.setSoTimeout(200);
			assertThrows("nothing connected to the referenced server", SocketTimeoutException.class, server::accept);
		}
	}

	@Test
	public void schemasWithTheSameIdDoNotShareValidators() {
		CompiledSchema strings = CompiledSchema.compile("{\"$id\": \"https://schemas.dinfra.test/same\", \"type\": \"string\"}");
		CompiledSchema numbers = CompiledSchema.compile("{\"$id\": \"https://schemas.dinfra.test/same\", \"type\": \"integer\"}");
		byte[] one = "1".getBytes(StandardCharsets.UTF_8);
		assertEquals(1, strings.validate(one).size());
		assertEquals(List.of(), numbers.validate(one));
	}
}
