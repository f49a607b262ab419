package org.dinfra.core.api;

import java.io.IOException;
import java.nio.file.Path;

import org.dinfra.core.internal.store.LocalDescriptorStore;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The agent's local content-addressed directory: one file per descriptor, named by its
 * {@link Cid} (CIDv1, raw, sha2-256). {@link #put} is what {@code ./dinfra descriptor put}
 * does; bytes are verified against their CID on every {@link #fetch}, so a file changed on
 * disk is refused, not served.
 *
 * <p>Plain Java, no OSGi needed: {@code LocalContentStore.open(dir).put(bytes)}. In the agent,
 * the same store is the {@link DescriptorStore} service configured by
 * {@code etc/org.dinfra.core.store.local.cfg}.
 */
@ProviderType
public interface LocalContentStore extends DescriptorStore {
	/** Default size limit of a descriptor: 1 MiB. */
	long DEFAULT_MAX_BYTES = 1 << 20;

	/**
	 * @param directory the content directory (created on the first {@link #put})
	 * @return the store, refusing descriptors over {@link #DEFAULT_MAX_BYTES}
	 */
	static LocalContentStore open(Path directory) {
		return open(directory, DEFAULT_MAX_BYTES);
	}

	/**
	 * @param directory the content directory (created on the first {@link #put})
	 * @param maxBytes  the largest descriptor accepted
	 * @return the store
	 */
	static LocalContentStore open(Path directory, long maxBytes) {
		return new LocalDescriptorStore(directory, maxBytes);
	}

	/** @return the content directory */
	Path directory();

	/**
	 * Stores bytes under their CID. Storing the same bytes twice is a no-op.
	 *
	 * @param bytes the descriptor
	 * @return its CID, {@link Cid#of(byte[])}
	 * @throws IOException when the descriptor is over the limit or the directory cannot be written
	 */
	Cid put(byte[] bytes) throws IOException;
}
