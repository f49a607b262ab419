package org.dinfra.chain.client;

import java.util.Arrays;

/** The storage hashers of FRAME, in the order of their metadata index. */
public enum StorageHasher {
	/** blake2_128 */
	BLAKE2_128(16, false),
	/** blake2_256 */
	BLAKE2_256(32, false),
	/** blake2_128 followed by the key */
	BLAKE2_128_CONCAT(16, true),
	/** twox128 */
	TWOX_128(16, false),
	/** twox256 */
	TWOX_256(32, false),
	/** twox64 followed by the key */
	TWOX_64_CONCAT(8, true),
	/** the key itself */
	IDENTITY(0, true);

	private final int hashLength;
	private final boolean concat;

	StorageHasher(int hashLength, boolean concat) {
		this.hashLength = hashLength;
		this.concat = concat;
	}

	/** @return the bytes of the hash before the key (the whole output when not concatenating) */
	public int hashLength() {
		return hashLength;
	}

	/** @return true when the SCALE-encoded key follows the hash, so keys can be read back */
	public boolean isConcat() {
		return concat;
	}

	/**
	 * @param index the metadata index (0..6)
	 * @return the hasher
	 */
	public static StorageHasher ofIndex(int index) {
		if (index < 0 || index >= values().length) {
			throw new ScaleException("unknown storage hasher index " + index);
		}
		return values()[index];
	}

	/**
	 * @param key the SCALE-encoded key
	 * @return the hashed key as it appears in a storage key
	 */
	public byte[] hash(byte[] key) {
		byte[] h = switch (this) {
			case BLAKE2_128, BLAKE2_128_CONCAT -> Hashing.blake2(key, 128);
			case BLAKE2_256 -> Hashing.blake2(key, 256);
			case TWOX_128 -> Hashing.twox(key, 128);
			case TWOX_256 -> Hashing.twox(key, 256);
			case TWOX_64_CONCAT -> Hashing.twox(key, 64);
			case IDENTITY -> new byte[0];
		};
		if (!concat) {
			return h;
		}
		byte[] out = Arrays.copyOf(h, h.length + key.length);
		System.arraycopy(key, 0, out, h.length, key.length);
		return out;
	}

	/**
	 * @param pallet the pallet's storage prefix, for example {@code DinfraSubscriptions}
	 * @param item   the storage item, for example {@code SubscriptionsByProvider}
	 * @param hashers the hasher of each key, in order (may be shorter than the map's keys for a prefix)
	 * @param keys   the SCALE-encoded keys, one per hasher
	 * @return {@code twox128(pallet) ++ twox128(item) ++ hasher(key)...}
	 */
	public static byte[] storageKey(String pallet, String item, StorageHasher[] hashers, byte[]... keys) {
		if (hashers.length != keys.length) {
			throw new IllegalArgumentException(hashers.length + " hashers for " + keys.length + " keys");
		}
		ScaleWriter w = new ScaleWriter().raw(Hashing.twox128(pallet)).raw(Hashing.twox128(item));
		for (int i = 0; i < keys.length; i++) {
			w.raw(hashers[i].hash(keys[i]));
		}
		return w.toByteArray();
	}
}
