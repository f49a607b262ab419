package org.dinfra.chain.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.dinfra.chain.api.StorageItem;
import org.dinfra.chain.api.SubscriptionStatus;
import org.dinfra.chain.client.Hex;
import org.dinfra.chain.client.Metadata;
import org.dinfra.chain.client.RpcClient;
import org.dinfra.chain.client.RpcException;
import org.dinfra.chain.client.ScaleReader;
import org.dinfra.chain.client.StorageKeys;
import org.dinfra.chain.client.Value;
import org.dinfra.chain.internal.EventMapper.Assigned;
import org.dinfra.chain.internal.EventMapper.Change;
import org.dinfra.chain.internal.EventMapper.Unusable;
import org.dinfra.core.api.Assignment;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads one provider's live subscriptions at one block, the snapshot the follower starts from:
 * one prefix iteration of {@link StorageItem#SUBSCRIPTIONS_BY_PROVIDER}, then the
 * {@link StorageItem#SUBSCRIPTIONS} values in batches of {@code state_queryStorageAt}.
 */
final class SnapshotReader {
	private static final int PAGE = 1000;
	private static final int QUERY_BATCH = 256;

	private final RpcClient rpc;
	private final byte[] provider;
	private final EventMapper mapper;
	private final Consumer<Unusable> unusable;

	/**
	 * @param rpc      the node connection
	 * @param provider the provider's account id
	 * @param mapper   turns a subscription into an assignment
	 * @param unusable told of the assigned subscriptions that cannot be run
	 */
	SnapshotReader(RpcClient rpc, byte[] provider, EventMapper mapper, Consumer<Unusable> unusable) {
		this.rpc = rpc;
		this.provider = provider.clone();
		this.mapper = mapper;
		this.unusable = unusable;
	}

	/**
	 * @param m    the metadata of the runtime at {@code hash}
	 * @param hash the block
	 * @return the assignments by id, in the node's key order
	 * @throws RpcException when the node fails (or the thread is interrupted: a lost connection)
	 */
	Map<Long, Assignment> read(Metadata m, String hash) throws RpcException {
		List<Long> ids = new ArrayList<>();
		for (byte[] key : providerKeys(m, hash)) {
			ids.add(new ScaleReader(StorageKeys.lastKey(key, 8)).u64());
		}
		Map<Long, Assignment> out = new LinkedHashMap<>();
		int valueType = StorageItem.SUBSCRIPTIONS.entry(m).valueType();
		for (int i = 0; i < ids.size(); i += QUERY_BATCH) {
			List<Long> batch = ids.subList(i, Math.min(ids.size(), i + QUERY_BATCH));
			Map<String, Long> byKey = new HashMap<>();
			for (long id : batch) {
				byKey.put(Hex.encode(StorageItem.SUBSCRIPTIONS.key(m, Value.of(id))), id);
			}
			JsonNode result = Requests.request(rpc, "state_queryStorageAt", new ArrayList<>(byKey.keySet()), hash);
			for (JsonNode set : result) {
				for (JsonNode change : set.path("changes")) {
					Long id = byKey.get(change.get(0).asText().toLowerCase(Locale.ROOT));
					if (id == null || change.get(1).isNull()) {
						continue;
					}
					Value.Composite sub = (Value.Composite) m.codec().decode(valueType, Hex.decode(change.get(1).asText()));
					Change c = mapper.assignment(id, sub.get("type_id"), sub.get("descriptor_cid"), sub.get("consumer"));
					if (c instanceof Assigned a) {
						out.put(id, a.assignment());
					} else if (c instanceof Unusable u && SubscriptionStatus.ofSubscription(sub) == SubscriptionStatus.ASSIGNED) {
						unusable.accept(u);
					}
				}
			}
		}
		return out;
	}

	/** The provider's keys, interruption a lost connection (the thread is stopping). */
	private List<byte[]> providerKeys(Metadata m, String hash) throws RpcException {
		try {
			return StorageItem.SUBSCRIPTIONS_BY_PROVIDER.keys(rpc, m, hash, PAGE, Value.of(provider));
		} catch (InterruptedException e) {
			throw Requests.interrupted();
		}
	}
}
