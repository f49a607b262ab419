package org.dinfra.core.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Fetches descriptor bytes by CID. An implementation returns only bytes it has verified against
 * the CID's hash: nothing parses a descriptor before that. Core asks the stores in order of
 * service ranking until one has the bytes.
 */
@ConsumerType
public interface DescriptorStore {
	/** @return a short name for logs, for example {@code local} or the gateway's URL */
	String name();

	/**
	 * @param cid the descriptor's CID
	 * @return the verified bytes
	 * @throws DescriptorException {@link ReasonCode#DESCRIPTOR_UNAVAILABLE} when this store does not
	 *                             have them (transient), {@link ReasonCode#DESCRIPTOR_CID_MISMATCH},
	 *                             {@link ReasonCode#UNSUPPORTED_CID} or
	 *                             {@link ReasonCode#DESCRIPTOR_TOO_LARGE} otherwise
	 */
	byte[] fetch(Cid cid) throws DescriptorException;
}
