package org.dinfra.core.internal.schema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;

import org.dinfra.core.api.DescriptorValidator;
import org.dinfra.core.api.SchemaProblem;

/**
 * A JSON Schema (draft 2020-12) compiled once, validating descriptors into problems that start
 * with the JSON pointer of the offending value. Schemas may not reach the network: a
 * {@code $ref} to anything but the schema itself and the bundled meta-schemas is an error.
 * Public as {@link DescriptorValidator#forSchema(String)}.
 */
public final class CompiledSchema implements DescriptorValidator {
	/**
	 * Strict JSON: duplicate keys are an error, not "last one wins", and nothing may follow the
	 * document ({@code {"a":1} garbage} is not JSON).
	 */
	static final ObjectMapper JSON = JsonMapper.builder()
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.build();

	/** A registry per schema: registries cache schemas by $id, and one reactor's $id must not resolve to another's. */
	private static SchemaRegistry newRegistry() {
		return SchemaRegistry.withDefaultDialect(
			SpecificationVersion.DRAFT_2020_12,
			b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build())
					.schemaLoader(l -> l.fetchRemoteResources(false)));
	}

	private final Schema schema;
	private final String id;

	private CompiledSchema(Schema schema, String id) {
		this.schema = schema;
		this.id = id;
	}

	/**
	 * @param schemaText the schema as JSON text
	 * @return the compiled schema
	 * @throws IllegalArgumentException when the text is not a JSON Schema
	 */
	public static CompiledSchema compile(String schemaText) {
		JsonNode node;
		try {
			node = JSON.readTree(schemaText);
		} catch (IOException e) {
			throw new IllegalArgumentException("schema is not valid JSON: " + message(e), e);
		}
		if (node == null || !node.isObject()) {
			throw new IllegalArgumentException("schema must be a JSON object");
		}
		try {
			Schema schema = newRegistry().getSchema(node);
			schema.initializeValidators();
			return new CompiledSchema(schema, node.path("$id").asText(""));
		} catch (RuntimeException e) {
			throw new IllegalArgumentException("invalid JSON Schema: " + e.getMessage(), e);
		}
	}

	@Override
	public String id() {
		return id;
	}

	/**
	 * @param descriptor candidate descriptor bytes (UTF-8 JSON)
	 * @return the problems, each {@code <json pointer>: <message>}; empty when valid
	 */
	public List<String> validate(byte[] descriptor) {
		return problems(descriptor).stream().map(SchemaProblem::toString).toList();
	}

	@Override
	public List<SchemaProblem> problems(byte[] descriptor) {
		JsonNode node;
		try {
			node = JSON.readTree(descriptor);
		} catch (IOException e) {
			return List.of(new SchemaProblem("/", "not valid JSON: " + message(e)));
		}
		if (node == null || node.isMissingNode()) {
			return List.of(new SchemaProblem("/", "empty document"));
		}
		List<SchemaProblem> problems = new ArrayList<>();
		for (Error error : schema.validate(node)) {
			problems.add(describe(error));
		}
		return List.copyOf(problems);
	}

	private static String message(IOException e) {
		return e instanceof JacksonException je ? je.getOriginalMessage() : e.getMessage();
	}

	private static SchemaProblem describe(Error error) {
		String pointer = error.getInstanceLocation().toString();
		if (pointer.isEmpty()) {
			pointer = "/";
		}
		String message = error.getMessage();
		if (message.startsWith(pointer + ":")) {
			message = message.substring(pointer.length() + 1).trim();
		}
		// A property or item that may not be there is reported at its parent: name its own pointer.
		String keyword = error.getKeyword();
		if (error.getProperty() != null
				&& ("additionalProperties".equals(keyword) || "unevaluatedProperties".equals(keyword))) {
			return new SchemaProblem(child(pointer, error.getProperty()), message);
		}
		if (error.getIndex() != null && "items".equals(keyword)) {
			return new SchemaProblem(child(pointer, error.getIndex().toString()), message);
		}
		return new SchemaProblem(pointer, message);
	}

	/** @return the JSON pointer (RFC 6901) of a child, its name escaped */
	private static String child(String pointer, String name) {
		String escaped = name.replace("~", "~0").replace("/", "~1");
		return pointer.equals("/") ? "/" + escaped : pointer + "/" + escaped;
	}
}
