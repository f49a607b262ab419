package org.dinfra.core.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.Test;

/** {@link DescriptorValidator#forSchema} as a plain-Java user calls it: no OSGi, typed problems. */
public class DescriptorValidatorTest {
	private static final DescriptorValidator WEB = DescriptorValidator.forSchema("""
			{
			  "$schema": "https://json-schema.org/draft/2020-12/schema",
			  "$id": "https://schemas.dinfra.test/web.schema.json",
			  "type": "object",
			  "required": ["image"],
			  "additionalProperties": false,
			  "properties": {
			    "image": { "type": "string", "minLength": 1 },
			    "ports": { "type": "array", "items": { "type": "integer" } }
			  }
			}
			""");

	private static List<SchemaProblem> problems(String json) {
		return WEB.problems(json.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	public void validDescriptorHasNoProblems() {
		assertEquals(List.of(), problems("{\"image\": \"nginx:1.27\", \"ports\": [80]}"));
	}

	@Test
	public void idIsTheSchemasId() {
		assertEquals("https://schemas.dinfra.test/web.schema.json", WEB.id());
	}

	@Test
	public void eachProblemCarriesThePointerOfTheOffendingValue() {
		List<SchemaProblem> found = problems("{\"image\": \"nginx\", \"ports\": [80, \"http\"], \"extra\": 1}");
		assertEquals(List.of("/extra", "/ports/1"), found.stream().map(SchemaProblem::pointer).sorted().toList());
		for (SchemaProblem p : found) {
			assertEquals(p.pointer() + ": " + p.message(), p.toString());
		}
	}

	@Test
	public void aDocumentThatIsNotJsonIsOneProblemAtTheRoot() {
		List<SchemaProblem> found = problems("{\"image\": ");
		assertEquals(1, found.size());
		assertEquals("/", found.get(0).pointer());
		assertEquals(true, found.get(0).message().startsWith("not valid JSON: "));
	}

	@Test
	public void aTextThatIsNotASchemaIsRefused() {
		assertThrows(IllegalArgumentException.class, () -> DescriptorValidator.forSchema("[]"));
		assertThrows(IllegalArgumentException.class, () -> DescriptorValidator.forSchema("{\"type\": "));
	}
}
