package org.dinfra.core.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.annotation.versioning.ProviderType;

/** The descriptor types served by the installed reactors, and validation against their schemas. */
@ProviderType
public interface DescriptorTypes {
	/** @return the served types, sorted by id */
	List<DescriptorType> types();

	/**
	 * @param id a type id
	 * @return the type, when a reactor serves it
	 */
	Optional<DescriptorType> type(String id);

	/**
	 * Validates a descriptor against its type's schema (draft 2020-12).
	 *
	 * @param type       the type id
	 * @param descriptor the descriptor's bytes
	 * @return the problems, each starting with the JSON pointer of the offending value; empty when valid
	 * @throws IllegalArgumentException when no reactor serves the type
	 */
	List<String> validate(String type, byte[] descriptor);

	/**
	 * Tells a listener whenever the served types change: a reactor came or went, or a standby
	 * took over a type. It is called after each change, on the thread that made it; it must
	 * return quickly (hand longer work to a thread of its own).
	 *
	 * @param listener told the id of the type whose reactor changed
	 * @return closing it removes the listener
	 */
	AutoCloseable addChangeListener(ChangeListener listener);

	/** Told of changes of the served types ({@link DescriptorTypes#addChangeListener}). */
	@FunctionalInterface
	@ConsumerType
	interface ChangeListener {
		/** @param type the id of the type whose reactor changed; {@link DescriptorTypes#types()} has the new state */
		void changed(String type);
	}
}
