package org.dinfra.core.api;

import java.util.Objects;

/**
 * One way in which a descriptor breaks its type's JSON Schema.
 *
 * @param pointer the JSON pointer (RFC 6901) of the offending value; {@code /} for the whole
 *                document (also when it is not JSON at all)
 * @param message what is wrong there, one line for humans
 */
public record SchemaProblem(String pointer, String message) {
	public SchemaProblem {
		Objects.requireNonNull(pointer, "pointer");
		Objects.requireNonNull(message, "message");
	}

	/** @return {@code <pointer>: <message>}, as the agent and the CLI print it */
	@Override
	public String toString() {
		return pointer + ": " + message;
	}
}
