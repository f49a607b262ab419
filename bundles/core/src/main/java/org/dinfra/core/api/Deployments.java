package org.dinfra.core.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Read-only view of the deployments this agent knows, for commands and status APIs. */
@ProviderType
public interface Deployments {
	/** @return every deployment known, sorted by id */
	List<Deployment> list();

	/**
	 * @param id a deployment id
	 * @return the deployment, when known
	 */
	Optional<Deployment> get(long id);
}
