package org.dinfra.chain.internal;

import org.dinfra.chain.client.RpcClient;
import org.dinfra.chain.client.RpcException;

import com.fasterxml.jackson.databind.JsonNode;

/** Node requests made by the tracker's threads, where an interruption means the thread is stopping. */
final class Requests {
	private Requests() {
	}

	/** {@link RpcClient#request} with interruption turned into a lost connection. */
	static JsonNode request(RpcClient rpc, String method, Object... params) throws RpcException {
		try {
			return rpc.request(method, params);
		} catch (InterruptedException e) {
			throw interrupted();
		}
	}

	/** Sets the interrupt flag again and @return the lost connection to throw */
	static RpcException interrupted() {
		Thread.currentThread().interrupt();
		return new RpcException(RpcException.NOT_CONNECTED, "interrupted");
	}
}
