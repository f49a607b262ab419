package org.dinfra.core.api;

import java.util.Collection;

/**
 * Receives what should run here from an {@link AssignmentSource}.
 *
 * <p>The first call is {@link #snapshot}; it may be repeated later (after a reconnect, for
 * example) and then replaces everything known before. {@link #assigned} and {@link #ended}
 * follow as changes happen. Calls are made from one thread at a time and must return quickly.
 */
public interface AssignmentListener {
	/**
	 * The complete, authoritative set of assignments. Deployments not in it are no longer
	 * wanted.
	 *
	 * @param assignments every assignment of this agent
	 */
	void snapshot(Collection<Assignment> assignments);

	/**
	 * An assignment was added, or an existing one changed.
	 *
	 * @param assignment the assignment as it is now
	 */
	void assigned(Assignment assignment);

	/**
	 * An assignment ended: the deployment is no longer wanted.
	 *
	 * @param id    the deployment id
	 * @param cause why, for logs (for example {@code cancelled}, {@code expired}, {@code file removed})
	 */
	void ended(long id, String cause);

	/**
	 * The source lost its authoritative view (for example the chain is unreachable). Until the
	 * next {@link #snapshot} nothing is torn down for being absent.
	 */
	void outOfSync();
}
