package org.dinfra.chain.client;

/**
 * A JSON-RPC call that did not succeed: the node answered with an error ({@link #code()} is its
 * code), or the connection was lost or not there ({@link #code()} is {@link #NOT_CONNECTED}).
 */
public class RpcException extends Exception {
	private static final long serialVersionUID = 1L;
	/** The code used when no node answered. */
	public static final int NOT_CONNECTED = -1;
	/**
	 * The code of a transaction whose mortal era ended before any block included it (a pool
	 * dropped it): it never will be, and may be signed and sent again.
	 */
	public static final int EXPIRED = -2;
	private final int code;

	/**
	 * @param code    the JSON-RPC error code, {@link #NOT_CONNECTED} or {@link #EXPIRED}
	 * @param message the message
	 */
	public RpcException(int code, String message) {
		super(message);
		this.code = code;
	}

	/** @return the JSON-RPC error code, {@link #NOT_CONNECTED} or {@link #EXPIRED} */
	public int code() {
		return code;
	}
}
