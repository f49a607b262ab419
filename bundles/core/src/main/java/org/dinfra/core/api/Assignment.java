package org.dinfra.core.api;

import java.util.Objects;

/**
 * What an {@link AssignmentSource} wants to run on this agent.
 *
 * @param id         the deployment id: the on-chain subscription id (an unsigned 64-bit number)
 * @param type       the descriptor type id, for example {@code docker-compose}
 * @param descriptor the CID of the deployment descriptor
 * @param consumer   the consumer's account as the source names it (an SS58 address on chain), or
 *                   an empty string when the source has no accounts
 */
public record Assignment(long id, String type, Cid descriptor, String consumer) {
	public Assignment {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(descriptor, "descriptor");
		Objects.requireNonNull(consumer, "consumer");
		if (type.isBlank()) {
			throw new IllegalArgumentException("type must not be blank");
		}
	}
}
