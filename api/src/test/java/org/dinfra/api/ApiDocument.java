package org.dinfra.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** The Chain Reactor API document and the repository files the tests compare it with. */
final class ApiDocument {
	/** The module's directory: surefire runs tests there. */
	static final Path MODULE = Path.of("").toAbsolutePath();
	static final Path DOCUMENT = MODULE.resolve("chain-reactor-api.yaml");
	static final Path REPOSITORY = MODULE.getParent();

	private static JsonNode root;

	private ApiDocument() {
	}

	/** @return the parsed document */
	static synchronized JsonNode root() {
		if (root == null) {
			try {
				root = new ObjectMapper(new YAMLFactory()).readTree(DOCUMENT.toFile());
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}
		return root;
	}

	/** @return {@code #/components/schemas/<name>}, failing when the document has none */
	static JsonNode schema(String name) {
		JsonNode schema = root().path("components").path("schemas").path(name);
		if (!schema.isObject()) {
			throw new AssertionError(DOCUMENT + " has no #/components/schemas/" + name);
		}
		return schema;
	}

	/** @return a file of the repository, as text */
	static String read(String relativePath) {
		try {
			return Files.readString(REPOSITORY.resolve(relativePath));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
