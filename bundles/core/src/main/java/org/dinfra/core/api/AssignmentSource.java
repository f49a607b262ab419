package org.dinfra.core.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Tells the agent what should run here: the chain bundle, or a watched directory for a
 * provider running privately. Core uses the source with the highest service ranking.
 */
@ConsumerType
public interface AssignmentSource {
	/** @return a short name for logs and status, for example {@code chain} or {@code directory} */
	String name();

	/**
	 * Starts delivering assignments to a listener: a {@link AssignmentListener#snapshot} as soon
	 * as the source has an authoritative view, then changes.
	 *
	 * @param listener receives the assignments
	 * @return closes the watch; no calls reach the listener after it returns
	 */
	AutoCloseable watch(AssignmentListener listener);
}
