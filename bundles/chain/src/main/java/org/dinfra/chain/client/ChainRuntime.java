package org.dinfra.chain.client;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What signing and decoding need from a node's current runtime.
 *
 * @param metadata           the runtime's metadata
 * @param genesisHash        the chain's genesis hash
 * @param specVersion        the runtime's spec version
 * @param transactionVersion the runtime's transaction version
 */
public record ChainRuntime(Metadata metadata, byte[] genesisHash, long specVersion, long transactionVersion) {
	/**
	 * Reads the runtime at a block.
	 *
	 * @param rpc  the node
	 * @param hash the block hash, or null for the best block
	 * @return the runtime there
	 * @throws RpcException         if the node fails or answers something else
	 * @throws InterruptedException if interrupted
	 */
	public static ChainRuntime load(RpcClient rpc, String hash) throws RpcException, InterruptedException {
		JsonNode v = rpc.request("state_getRuntimeVersion", hash);
		Metadata m = Metadata.fromHex(rpc.request("state_getMetadata", hash).asText());
		return new ChainRuntime(m, genesisHash(rpc, m, hash), v.path("specVersion").asLong(), v.path("transactionVersion").asLong());
	}

	/**
	 * The genesis hash as the runtime checks it in signatures ({@code CheckGenesis}):
	 * {@code System.BlockHash(0)} in the state, which block 1 set to its parent's hash. Nodes
	 * report the same from {@code chain_getBlockHash(0)}, except dev nodes that fake the genesis
	 * block (Chopsticks in genesis mode, after a restart); before block 1 the state does not have
	 * it yet and the node's answer is used.
	 */
	private static byte[] genesisHash(RpcClient rpc, Metadata m, String at) throws RpcException, InterruptedException {
		long number = Long.decode((at == null ? rpc.request("chain_getHeader") : rpc.request("chain_getHeader", at)).path("number").asText());
		if (number >= 1) {
			Optional<Value> hash = ChainState.value(rpc, m, at, "System", "BlockHash", Value.of(0));
			if (hash.isPresent()) {
				return hash.get().asBytes();
			}
		}
		return Hex.decode(rpc.request("chain_getBlockHash", 0).asText());
	}

	/**
	 * @param rpc    the node
	 * @param cached a runtime read before, or null
	 * @return {@code cached} while the node's best block runs the same spec version, else the new runtime
	 * @throws RpcException         if the node fails
	 * @throws InterruptedException if interrupted
	 */
	public static ChainRuntime current(RpcClient rpc, ChainRuntime cached) throws RpcException, InterruptedException {
		if (cached != null && cached.specVersion() == rpc.request("state_getRuntimeVersion").path("specVersion").asLong()) {
			return cached;
		}
		return load(rpc, null);
	}
}
