package org.dinfra.core.api;

import java.util.List;

import org.dinfra.core.internal.schema.CompiledSchema;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A descriptor type's JSON Schema (draft 2020-12), compiled once, checking descriptors the way
 * the agent does before it deploys one. Schemas may not reach the network: a {@code $ref} to
 * anything but the schema itself and the bundled meta-schemas is an error. Thread-safe.
 *
 * <p>Plain Java, no OSGi needed: {@code DescriptorValidator.forSchema(reactor.schema())}.
 */
@ProviderType
public interface DescriptorValidator {
	/**
	 * @param schemaText the schema as JSON text, as {@link Reactor#schema()} returns it
	 * @return the compiled schema
	 * @throws IllegalArgumentException with the reason when the text is not a JSON Schema
	 */
	static DescriptorValidator forSchema(String schemaText) {
		return CompiledSchema.compile(schemaText);
	}

	/** @return the schema's {@code $id}, or empty */
	String id();

	/**
	 * @param descriptor candidate descriptor bytes (UTF-8 JSON; duplicate keys and trailing
	 *                   content are errors)
	 * @return every problem, in the order the schema reports them; empty when valid
	 */
	List<SchemaProblem> problems(byte[] descriptor);
}
