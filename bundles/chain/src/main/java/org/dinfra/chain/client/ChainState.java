package org.dinfra.chain.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads storage items over JSON-RPC and decodes them with the metadata's types. */
public final class ChainState {
	private ChainState() {
	}

	/**
	 * @param rpc    the node
	 * @param m      the metadata of the runtime at {@code at}
	 * @param at     a block hash, or null for the best block
	 * @param pallet the pallet, for example {@code DinfraSubscriptions}
	 * @param item   the storage item
	 * @param keys   the item's keys, as many as it has
	 * @return the decoded value, empty when the node has none
	 * @throws RpcException         if the node fails
	 * @throws InterruptedException if interrupted
	 */
	public static Optional<Value> value(RpcClient rpc, Metadata m, String at, String pallet, String item, Value... keys)
			throws RpcException, InterruptedException {
		JsonNode v = rpc.request("state_getStorage", Hex.encode(StorageKeys.key(m, pallet, item, keys)), at);
		if (v == null || v.isNull()) {
			return Optional.empty();
		}
		return Optional.of(m.codec().decode(m.pallet(pallet).storageEntry(item).valueType(), Hex.decode(v.asText())));
	}

	/**
	 * Every storage key under a prefix, by {@code state_getKeysPaged} pages.
	 *
	 * @param rpc    the node
	 * @param m      the metadata of the runtime at {@code at}
	 * @param at     a block hash, or null for the best block
	 * @param page   keys per request
	 * @param pallet the pallet
	 * @param item   the storage map
	 * @param keys   its first keys (fewer than it has): the prefix to list
	 * @return the full storage keys, in the node's order
	 * @throws RpcException         if the node fails
	 * @throws InterruptedException if interrupted
	 */
	public static List<byte[]> keys(RpcClient rpc, Metadata m, String at, int page, String pallet, String item, Value... keys)
			throws RpcException, InterruptedException {
		String prefix = Hex.encode(StorageKeys.key(m, pallet, item, keys));
		List<byte[]> out = new ArrayList<>();
		String start = null;
		while (true) {
			JsonNode result = rpc.request("state_getKeysPaged", prefix, page, start, at);
			for (JsonNode k : result) {
				out.add(Hex.decode(k.asText()));
			}
			if (result.size() < page) {
				return out;
			}
			start = result.get(result.size() - 1).asText();
		}
	}
}
