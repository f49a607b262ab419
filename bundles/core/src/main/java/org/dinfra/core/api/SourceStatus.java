package org.dinfra.core.api;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * How far an {@link AssignmentSource} is behind what it follows, for status pages, metrics and
 * health checks. A source that has such a notion registers this service beside itself (the chain
 * tracker: blocks between the node's finalized head and the last block it processed).
 */
@ConsumerType
public interface SourceStatus {
	/** @return the source's name, as {@link AssignmentSource#name()} */
	String name();

	/** @return whether the source's last snapshot and every change since were delivered */
	boolean inSync();

	/** @return how many units (for a chain: finalized blocks) are not processed yet; -1 when unknown */
	long lag();

	/** @return facts for an operator, in display order (for a chain: endpoint, best, finalized, checkpoint) */
	Map<String, String> details();
}
