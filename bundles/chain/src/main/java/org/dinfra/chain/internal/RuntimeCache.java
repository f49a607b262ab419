package org.dinfra.chain.internal;

import org.dinfra.chain.client.ChainRuntime;
import org.dinfra.chain.client.RpcClient;
import org.dinfra.chain.client.RpcException;

/**
 * The runtime last seen, shared by the follower and the reporter so that the metadata is fetched
 * once per runtime version.
 */
final class RuntimeCache {
	private final RpcClient rpc;
	private volatile ChainRuntime runtime;

	RuntimeCache(RpcClient rpc) {
		this.rpc = rpc;
	}

	/** @return the runtime the node runs now (the cached one when its version did not change) */
	ChainRuntime current() throws RpcException, InterruptedException {
		ChainRuntime rt = ChainRuntime.current(rpc, runtime);
		runtime = rt;
		return rt;
	}

	/** @return the runtime the node runs now, loaded afresh (genesis hash included) */
	ChainRuntime load() throws RpcException {
		try {
			ChainRuntime rt = ChainRuntime.load(rpc, null);
			runtime = rt;
			return rt;
		} catch (InterruptedException e) {
			throw Requests.interrupted();
		}
	}

	/** @return the last runtime seen, null before the first */
	ChainRuntime cached() {
		return runtime;
	}
}
