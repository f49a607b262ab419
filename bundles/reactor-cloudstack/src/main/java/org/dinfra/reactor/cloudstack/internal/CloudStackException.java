package org.dinfra.reactor.cloudstack.internal;

/**
 * A CloudStack API call failed: an error answer ({@code errorcode}, {@code cserrorcode},
 * {@code errortext}), a failed async job, an async job that did not finish in time, or a
 * transport or protocol problem. {@link CloudStackErrors} turns it into a reason code.
 */
final class CloudStackException extends Exception {
	private static final long serialVersionUID = 1L;

	/** What kind of failure this is. */
	enum Kind {
		/** CloudStack answered with an error code (synchronously, or as the result of an async job). */
		API,
		/** The async job did not finish within the configured time. */
		JOB_TIMEOUT,
		/** No answer: connection refused, reset, timed out. */
		TRANSPORT,
		/** An answer that is not what the API documents (not JSON, no response object). */
		PROTOCOL,
		/** The reactor is shutting down. */
		CLOSED
	}

	private final Kind kind;
	private final String command;
	private final int errorCode;
	private final int csErrorCode;
	private final String errorText;

	CloudStackException(Kind kind, String command, int errorCode, int csErrorCode, String errorText, Throwable cause) {
		super(describe(kind, command, errorCode, csErrorCode, errorText), cause);
		this.kind = kind;
		this.command = command;
		this.errorCode = errorCode;
		this.csErrorCode = csErrorCode;
		this.errorText = errorText;
	}

	static CloudStackException api(String command, int errorCode, int csErrorCode, String errorText) {
		return new CloudStackException(Kind.API, command, errorCode, csErrorCode, errorText, null);
	}

	private static String describe(Kind kind, String command, int errorCode, int csErrorCode, String errorText) {
		return switch (kind) {
			case API -> command + " failed: CloudStack error " + errorCode
					+ (csErrorCode > 0 ? " (cserrorcode " + csErrorCode + ")" : "") + ": " + errorText;
			case JOB_TIMEOUT -> command + ": " + errorText;
			case TRANSPORT -> command + ": cannot reach the CloudStack API: " + errorText;
			case PROTOCOL -> command + ": unexpected answer from the CloudStack API: " + errorText;
			case CLOSED -> command + ": the reactor is stopping";
		};
	}

	Kind kind() {
		return kind;
	}

	String command() {
		return command;
	}

	/** @return CloudStack's {@code errorcode} (its HTTP status for synchronous errors), 0 when none */
	int errorCode() {
		return errorCode;
	}

	/** @return CloudStack's {@code cserrorcode} (the Java exception's code), 0 when none */
	int csErrorCode() {
		return csErrorCode;
	}

	/** @return CloudStack's {@code errortext}, or a description of the failure */
	String errorText() {
		return errorText;
	}
}
