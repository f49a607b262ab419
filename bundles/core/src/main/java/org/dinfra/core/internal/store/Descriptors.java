package org.dinfra.core.internal.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import org.dinfra.core.api.Cid;
import org.dinfra.core.api.DescriptorException;
import org.dinfra.core.api.LocalContentStore;
import org.dinfra.core.api.ReasonCode;

/** Checks shared by every descriptor store: CID support, size limit, hash verification. */
public final class Descriptors {
	/** Default size limit of a descriptor: 1 MiB. */
	public static final long DEFAULT_MAX_BYTES = LocalContentStore.DEFAULT_MAX_BYTES;

	private Descriptors() {
	}

	/**
	 * @param cid a CID
	 * @throws DescriptorException {@link ReasonCode#UNSUPPORTED_CID} when its bytes cannot be verified
	 */
	public static void requireVerifiable(Cid cid) throws DescriptorException {
		if (!cid.isVerifiable()) {
			throw new DescriptorException(ReasonCode.UNSUPPORTED_CID, cid.unverifiableReason());
		}
	}

	/**
	 * @param cid   the expected CID
	 * @param bytes candidate bytes
	 * @param store where they came from, for the message
	 * @return the bytes, when they hash to the CID
	 * @throws DescriptorException {@link ReasonCode#DESCRIPTOR_CID_MISMATCH} otherwise
	 */
	public static byte[] verified(Cid cid, byte[] bytes, String store) throws DescriptorException {
		if (!cid.matches(bytes)) {
			throw new DescriptorException(ReasonCode.DESCRIPTOR_CID_MISMATCH, "the " + bytes.length
					+ " bytes " + store + " returned for " + cid + " hash to " + Cid.of(bytes) + "; refused");
		}
		return bytes;
	}

	/**
	 * Reads at most {@code maxBytes}, failing beyond, so a hostile source cannot exhaust memory.
	 *
	 * @param in       the stream
	 * @param maxBytes the limit
	 * @param cid      for the message
	 * @return the bytes
	 * @throws IOException         on read errors
	 * @throws DescriptorException {@link ReasonCode#DESCRIPTOR_TOO_LARGE} beyond the limit
	 */
	public static byte[] readLimited(InputStream in, long maxBytes, Cid cid) throws IOException, DescriptorException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		long total = 0;
		int n;
		while ((n = in.read(buffer)) > 0) {
			total += n;
			if (total > maxBytes) {
				throw new DescriptorException(ReasonCode.DESCRIPTOR_TOO_LARGE,
						"descriptor " + cid + " is larger than the limit of " + maxBytes + " bytes");
			}
			out.write(buffer, 0, n);
		}
		return out.toByteArray();
	}

	/**
	 * @param configured a configured directory, may be empty
	 * @param name       the sub-directory of {@code ${karaf.data}/dinfra} used when it is empty
	 * @return the directory to use
	 */
	public static Path dataPath(String configured, String name) {
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured.trim());
		}
		String data = System.getProperty("karaf.data");
		return Path.of(data != null ? data : "data", "dinfra", name);
	}
}
