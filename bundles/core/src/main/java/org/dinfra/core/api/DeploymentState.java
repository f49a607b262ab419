package org.dinfra.core.api;

/**
 * The lifecycle of a deployment, in the order it moves through. A deployment only moves
 * forward; {@link #FAILED} can be reached from any state before {@link #TERMINATED}.
 */
public enum DeploymentState {
	/** Known to be wanted here; nothing has been checked yet. */
	ASSIGNED,
	/** The descriptor is being fetched, verified against its CID and validated. */
	VALIDATING,
	/** The reactor is creating it. */
	DEPLOYING,
	/** The reactor reports it running. */
	RUNNING,
	/** It is no longer wanted and the reactor is removing it. */
	TEARING_DOWN,
	/** Removed. Terminal. */
	TERMINATED,
	/** It cannot run here; the deployment's {@link Reason} says why. Terminal while assigned. */
	FAILED;

	/** @return true for the states after which nothing more happens to a deployment */
	public boolean isFinal() {
		return this == TERMINATED || this == FAILED;
	}
}
