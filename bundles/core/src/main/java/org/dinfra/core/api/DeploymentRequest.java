package org.dinfra.core.api;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A deployment handed to a {@link Reactor}: the descriptor's bytes are verified against their
 * CID and valid against the type's schema.
 *
 * @param id         the deployment id (the on-chain subscription id)
 * @param type       the descriptor type id
 * @param cid        the descriptor's CID
 * @param descriptor the descriptor's JSON text
 * @param consumer   the consumer's account (SS58 on chain), or empty
 */
public record DeploymentRequest(long id, String type, Cid cid, String descriptor, String consumer) {
	public DeploymentRequest {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(cid, "cid");
		Objects.requireNonNull(descriptor, "descriptor");
		Objects.requireNonNull(consumer, "consumer");
	}

	/** @return the descriptor's bytes, as fetched and verified */
	public byte[] descriptorBytes() {
		return descriptor.getBytes(StandardCharsets.UTF_8);
	}
}
