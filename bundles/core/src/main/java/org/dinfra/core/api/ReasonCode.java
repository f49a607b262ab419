package org.dinfra.core.api;

/**
 * Machine-readable reasons. {@link #code()} is stable: it is what an agent reports on chain
 * ({@code report_failed(id, reason code)}), so values are never reused or renumbered; new
 * codes are appended with the next number.
 *
 * <p>This enum is the one source of reason codes: the Chain Reactor API document
 * ({@code api/chain-reactor-api.yaml}, schema {@code ReasonCode}) and parachain/README.md list
 * the same numbers and names, which {@code api}'s {@code ReasonCodesTest} checks; a code added
 * here is added there too.
 */
public enum ReasonCode {
	/** The descriptor is not JSON or does not match its type's JSON Schema. */
	SCHEMA_INVALID(1),
	/** The descriptor is valid but the provider's policy refuses it. */
	POLICY_VIOLATION(2),
	/** No descriptor store could provide the descriptor's bytes (yet). */
	DESCRIPTOR_UNAVAILABLE(3),
	/** Bytes were found but do not hash to the descriptor's CID. */
	DESCRIPTOR_CID_MISMATCH(4),
	/** No reactor serves the descriptor type. */
	UNKNOWN_TYPE(5),
	/** The reactor could not create the deployment. */
	DEPLOY_FAILED(6),
	/** The provider's infrastructure has no capacity left for it. */
	NO_CAPACITY(7),
	/** The infrastructure refused the parameters derived from the descriptor. */
	BAD_PARAMETERS(8),
	/** The infrastructure refused the provider's credentials. */
	AUTHENTICATION(9),
	/** A quota of the provider's infrastructure account is exhausted. */
	QUOTA(10),
	/** The CID uses a version, codec or hash this agent cannot verify. */
	UNSUPPORTED_CID(11),
	/** The descriptor is larger than the agent accepts. */
	DESCRIPTOR_TOO_LARGE(12),
	/** The reactor serving the type is not installed right now; nothing is changed meanwhile. */
	REACTOR_UNAVAILABLE(13),
	/** An operation did not complete in time. */
	TIMEOUT(14),
	/**
	 * The reactor's policy check failed to run (it threw): the descriptor is neither allowed nor
	 * refused yet, and the check is tried again. A refusal by the policy is {@link #POLICY_VIOLATION}.
	 */
	POLICY_CHECK_FAILED(15),
	/** The reactor could not remove the deployment (an unexpected error); the teardown is tried again. */
	TEARDOWN_FAILED(16),
	/**
	 * The reactor could not list the deployments it owns (an unexpected error); counted in the
	 * metrics of reactor calls, no deployment fails for it.
	 */
	INVENTORY_FAILED(17);

	private final int code;

	ReasonCode(int code) {
		this.code = code;
	}

	/** @return the stable numeric code */
	public int code() {
		return code;
	}

	/**
	 * @param code a numeric code
	 * @return the reason code with that number
	 * @throws IllegalArgumentException for an unknown number
	 */
	public static ReasonCode of(int code) {
		for (ReasonCode c : values()) {
			if (c.code == code) {
				return c;
			}
		}
		throw new IllegalArgumentException("unknown reason code " + code);
	}
}
