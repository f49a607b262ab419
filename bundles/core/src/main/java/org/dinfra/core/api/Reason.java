package org.dinfra.core.api;

import java.util.List;
import java.util.Objects;

/**
 * Why a deployment is in its state: a machine-readable code, one human line, and the
 * individual findings (each schema error with its JSON pointer, each policy violation).
 *
 * @param code    the machine-readable reason
 * @param message one line for humans
 * @param details the individual findings, possibly empty
 */
public record Reason(ReasonCode code, String message, List<String> details) {
	public Reason {
		Objects.requireNonNull(code, "code");
		Objects.requireNonNull(message, "message");
		details = List.copyOf(details);
	}

	/**
	 * @param code    the machine-readable reason
	 * @param message one line for humans
	 * @return a reason without details
	 */
	public static Reason of(ReasonCode code, String message) {
		return new Reason(code, message, List.of());
	}

	@Override
	public String toString() {
		return details.isEmpty() ? code + ": " + message : code + ": " + message + " " + details;
	}
}
