package org.dinfra.chain.client;

import java.util.List;

/** Storage keys of a runtime's items, built from the metadata's prefixes, hashers and key types. */
public final class StorageKeys {
	private StorageKeys() {
	}

	/**
	 * @param metadata the runtime's metadata
	 * @param pallet   the pallet name, for example {@code DinfraSubscriptions}
	 * @param item     the storage item, for example {@code SubscriptionsByProvider}
	 * @param keys     the map keys in order; fewer than the map has give a prefix for
	 *                 {@code state_getKeysPaged} (a prefix iteration)
	 * @return {@code twox128(prefix) ++ twox128(item) ++ hasher(key)...}
	 * @throws ScaleException if the item is unknown or the keys do not fit their types
	 */
	public static byte[] key(Metadata metadata, String pallet, String item, Value... keys) {
		Metadata.Pallet p = metadata.pallet(pallet);
		Metadata.StorageEntry e = p.storageEntry(item);
		List<StorageHasher> hashers = e.hashers();
		if (keys.length > hashers.size()) {
			throw new ScaleException(pallet + "." + item + " has " + hashers.size() + " keys, given " + keys.length);
		}
		ScaleWriter w = new ScaleWriter().raw(Hashing.twox128(p.storagePrefix())).raw(Hashing.twox128(item));
		for (int i = 0; i < keys.length; i++) {
			int type = keyType(metadata, e, i);
			w.raw(hashers.get(i).hash(metadata.codec().encode(type, keys[i])));
		}
		return w.toByteArray();
	}

	private static int keyType(Metadata metadata, Metadata.StorageEntry e, int i) {
		if (e.hashers().size() == 1) {
			return e.keyType();
		}
		TypeRegistry.TypeDef def = metadata.types().get(e.keyType()).def();
		if (def instanceof TypeRegistry.TupleDef t && t.elements().size() == e.hashers().size()) {
			return t.elements().get(i);
		}
		throw new ScaleException("the key type of " + e.name() + " is not a tuple of " + e.hashers().size());
	}

	/**
	 * @param storageKey a full key of a map whose last hasher is a concat hasher
	 * @param keyLength  the encoded length of the last key (8 for a {@code u64})
	 * @return the last key's encoded bytes (for example the subscription id of
	 *         {@code SubscriptionsByProvider})
	 */
	public static byte[] lastKey(byte[] storageKey, int keyLength) {
		if (keyLength > storageKey.length) {
			throw new ScaleException("storage key shorter than its key");
		}
		return java.util.Arrays.copyOfRange(storageKey, storageKey.length - keyLength, storageKey.length);
	}
}
