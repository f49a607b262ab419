package org.dinfra.core.api;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A reactor's default policy for one descriptor type, runnable without the agent, so that a
 * consumer knows before paying whether a provider with default settings accepts a descriptor
 * ({@code ./dinfra descriptor check}). A reactor bundle registers its implementation with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/org.dinfra.core.api.DescriptorCheck});
 * its {@link Reactor#check} applies the same rules with the provider's configuration.
 */
@ConsumerType
public interface DescriptorCheck {
	/** @return the descriptor type checked */
	String type();

	/**
	 * @param descriptor a descriptor valid against the type's schema, as JSON text
	 * @return every violation of the default policy, each naming its field; empty when allowed
	 */
	List<String> check(String descriptor);
}
