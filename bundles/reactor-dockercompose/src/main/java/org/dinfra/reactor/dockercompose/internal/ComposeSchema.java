package org.dinfra.reactor.dockercompose.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.dinfra.core.api.Reactor;

/** The JSON Schema (draft 2020-12) of type {@code docker-compose}, shipped at {@code schema/docker-compose.schema.json}. */
final class ComposeSchema {
	/** The descriptor type id. */
	static final String TYPE = "docker-compose";
	/** The major version of the schema. */
	static final int VERSION = 1;

	private ComposeSchema() {
	}

	/** @return the schema's JSON text */
	static String text() {
		String resource = String.format(Reactor.SCHEMA_RESOURCE, TYPE);
		try (InputStream in = ComposeSchema.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("missing resource " + resource);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
