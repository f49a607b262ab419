package org.dinfra.keys.api;

/**
 * Bad input or an unusable secret: a wrong mnemonic word, a bad checksum, a malformed secret
 * URI or SS58 address, a soft junction on an ed25519 key, an unreadable file.
 *
 * <p>The message is one line for humans and never contains secret material.
 */
public class KeyException extends Exception {
	private static final long serialVersionUID = 1L;

	/** @param message one line for humans, without secrets */
	public KeyException(String message) {
		super(message);
	}

	/**
	 * @param message one line for humans, without secrets
	 * @param cause   the underlying error
	 */
	public KeyException(String message, Throwable cause) {
		super(message, cause);
	}
}
