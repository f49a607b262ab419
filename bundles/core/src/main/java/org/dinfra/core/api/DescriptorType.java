package org.dinfra.core.api;

import java.util.Objects;

/**
 * A descriptor type served by an installed reactor.
 *
 * @param id       the type id, for example {@code docker-compose}
 * @param version  the major version of its schema
 * @param schemaId the schema's {@code $id}, or empty when it has none
 * @param schema   the JSON Schema text
 * @param reactor  the serving reactor, for display (its bundle's symbolic name)
 */
public record DescriptorType(String id, int version, String schemaId, String schema, String reactor) {
	public DescriptorType {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(schemaId, "schemaId");
		Objects.requireNonNull(schema, "schema");
		Objects.requireNonNull(reactor, "reactor");
	}
}
