package org.dinfra.reactor.dockercompose.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dinfra.core.api.DescriptorValidator;
import org.dinfra.core.api.SchemaProblem;

import com.fasterxml.jackson.databind.JsonNode;

/** Test descriptors: the hostile ones under src/test/resources/hostile, the examples, the schema. */
final class Descriptors {
	static final DescriptorValidator SCHEMA = DescriptorValidator.forSchema(ComposeSchema.text());

	private Descriptors() {
	}

	static String resource(String name) {
		try (InputStream in = Descriptors.class.getClassLoader().getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalArgumentException("no test resource " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static JsonNode hostileManifest() {
		return ComposeFile.parse(resource("hostile/manifest.json")).path("files");
	}

	static Path example(String name) {
		String dir = System.getProperty("dinfra.examples");
		if (dir == null) {
			throw new IllegalStateException("system property dinfra.examples (set by the pom) is missing");
		}
		return Path.of(dir, name);
	}

	static String exampleText(String name) {
		try {
			return Files.readString(example(name));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** @return the schema's problems */
	static List<String> schemaProblems(String descriptor) {
		return SCHEMA.problems(descriptor.getBytes(StandardCharsets.UTF_8)).stream().map(SchemaProblem::toString).toList();
	}

	/** @return the pointer a problem or violation starts with */
	static String pointer(String problem) {
		return problem.substring(0, problem.indexOf(':'));
	}

	/** A web service on the test image, serving HTTP on 8080, published on the given port. */
	static String web(int port, String extra) {
		return """
				{"services": {"web": {"image": "%s", "ports": ["%d:8080"],
				  "healthcheck": {"test": ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"],
				                  "interval": "1s", "timeout": "2s", "retries": 10}%s}}}
				""".formatted(Engine.TEST_IMAGE, port, extra);
	}
}
