package org.dinfra.chain.client;

/**
 * Bytes that are not what a SCALE decoder expects: truncated input, a length prefix larger than
 * the bytes that remain, an unknown enum index, trailing bytes, a type the registry does not
 * have. Decoders throw only this (never an out-of-memory or an index error) for bad input.
 */
public class ScaleException extends RuntimeException {
	private static final long serialVersionUID = 1L;

	/** @param message what was wrong, with the byte offset where known */
	public ScaleException(String message) {
		super(message);
	}

	/**
	 * @param message what was wrong
	 * @param cause   the underlying error
	 */
	public ScaleException(String message, Throwable cause) {
		super(message, cause);
	}
}
