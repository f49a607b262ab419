package org.dinfra.status.internal;

import org.dinfra.core.api.AgentMetrics;
import org.dinfra.core.api.Deployments;
import org.dinfra.core.api.DescriptorTypes;
import org.dinfra.core.api.SourceStatus;

/**
 * The services the status API reads at one moment; each is null while absent.
 *
 * @param deployments core's deployments
 * @param types       core's descriptor types
 * @param metrics     core's measurements
 * @param source      the assignment source's status, when the source has one
 */
record AgentView(Deployments deployments, DescriptorTypes types, AgentMetrics metrics, SourceStatus source) {
	/** @return whether core is active (it registers all three of its services together) */
	boolean active() {
		return deployments != null && types != null && metrics != null;
	}
}
