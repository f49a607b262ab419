package org.dinfra.core.api;

import java.util.List;

/**
 * A reactor operation failed. A permanent failure ends the deployment {@link DeploymentState#FAILED}
 * with {@link #reason()}; a transient one is retried with backoff and never causes a teardown.
 */
public class ReactorException extends Exception {
	private static final long serialVersionUID = 1L;

	private final transient Reason reason;
	private final boolean isTransient;

	/**
	 * @param reason      what went wrong
	 * @param isTransient whether trying again may succeed
	 * @param cause       the underlying error, may be null
	 */
	public ReactorException(Reason reason, boolean isTransient, Throwable cause) {
		super(reason.toString(), cause);
		this.reason = reason;
		this.isTransient = isTransient;
	}

	/**
	 * @param code    the machine-readable reason
	 * @param message one line for humans
	 * @return a permanent failure
	 */
	public static ReactorException permanent(ReasonCode code, String message) {
		return new ReactorException(Reason.of(code, message), false, null);
	}

	/**
	 * @param code    the machine-readable reason
	 * @param message one line for humans
	 * @param details the individual findings
	 * @return a permanent failure
	 */
	public static ReactorException permanent(ReasonCode code, String message, List<String> details) {
		return new ReactorException(new Reason(code, message, details), false, null);
	}

	/**
	 * @param message one line for humans
	 * @param cause   the underlying error, may be null
	 * @return a transient failure, reported as {@link ReasonCode#DEPLOY_FAILED} if it persists
	 */
	public static ReactorException transientFailure(String message, Throwable cause) {
		return new ReactorException(Reason.of(ReasonCode.DEPLOY_FAILED, message), true, cause);
	}

	/** @return what went wrong */
	public Reason reason() {
		return reason;
	}

	/** @return whether trying again may succeed */
	public boolean isTransient() {
		return isTransient;
	}
}
