package org.dinfra.core.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the agent knows of one deployment.
 *
 * @param id               the deployment id (the on-chain subscription id)
 * @param type             the descriptor type id
 * @param descriptor       the descriptor's CID
 * @param consumer         the consumer's account, or empty
 * @param state            where it is in its lifecycle
 * @param reason           why it is failed, or what it waits for; {@code null} when nothing is wrong
 * @param endpoints        where the consumer reaches it while running
 * @param reactorAvailable false while no installed reactor serves its type
 * @param updated          when the state last changed
 */
public record Deployment(long id, String type, Cid descriptor, String consumer, DeploymentState state,
		Reason reason, List<Endpoint> endpoints, boolean reactorAvailable, Instant updated) {
	public Deployment {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(descriptor, "descriptor");
		Objects.requireNonNull(consumer, "consumer");
		Objects.requireNonNull(state, "state");
		Objects.requireNonNull(updated, "updated");
		endpoints = List.copyOf(endpoints);
	}
}
