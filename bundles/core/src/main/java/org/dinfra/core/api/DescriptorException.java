package org.dinfra.core.api;

/** A descriptor could not be fetched, or its bytes could not be verified. */
public class DescriptorException extends Exception {
	private static final long serialVersionUID = 1L;

	private final ReasonCode code;

	/**
	 * @param code    {@link ReasonCode#DESCRIPTOR_UNAVAILABLE}, {@link ReasonCode#DESCRIPTOR_CID_MISMATCH},
	 *                {@link ReasonCode#UNSUPPORTED_CID} or {@link ReasonCode#DESCRIPTOR_TOO_LARGE}
	 * @param message one line for humans
	 * @param cause   the underlying error, may be null
	 */
	public DescriptorException(ReasonCode code, String message, Throwable cause) {
		super(message, cause);
		this.code = code;
	}

	/**
	 * @param code    the reason
	 * @param message one line for humans
	 */
	public DescriptorException(ReasonCode code, String message) {
		this(code, message, null);
	}

	/** @return the reason */
	public ReasonCode code() {
		return code;
	}

	/** @return whether another store, or a later attempt, may succeed */
	public boolean isTransient() {
		return code == ReasonCode.DESCRIPTOR_UNAVAILABLE;
	}
}
