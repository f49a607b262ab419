package org.dinfra.core.api;

import java.util.List;
import java.util.Objects;

/**
 * What a reactor knows of one of its deployments.
 *
 * @param id        the deployment id
 * @param state     {@link DeploymentState#DEPLOYING}, {@link DeploymentState#RUNNING},
 *                  {@link DeploymentState#TEARING_DOWN} or {@link DeploymentState#FAILED}
 * @param endpoints where the consumer reaches it (empty while not running)
 * @param message   a line for humans, may be empty
 */
public record ReactorStatus(long id, DeploymentState state, List<Endpoint> endpoints, String message) {
	public ReactorStatus {
		Objects.requireNonNull(state, "state");
		Objects.requireNonNull(message, "message");
		endpoints = List.copyOf(endpoints);
	}

	/**
	 * @param id        the deployment id
	 * @param endpoints where the consumer reaches it
	 * @return a running status
	 */
	public static ReactorStatus running(long id, List<Endpoint> endpoints) {
		return new ReactorStatus(id, DeploymentState.RUNNING, endpoints, "");
	}
}
