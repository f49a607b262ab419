package org.dinfra.core.api;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Tells the party that assigned a deployment what became of it (the chain, or status files
 * for the directory source). Core calls each method once per state change and calls again
 * after an exception, with backoff, until it returns normally.
 */
@ConsumerType
public interface StatusReporter {
	/**
	 * @param id        the deployment id
	 * @param endpoints where the consumer reaches it
	 * @throws Exception when the report could not be accepted; core retries
	 */
	void running(long id, List<Endpoint> endpoints) throws Exception;

	/**
	 * @param id     the deployment id
	 * @param reason why it cannot run here
	 * @throws Exception when the report could not be accepted; core retries
	 */
	void failed(long id, Reason reason) throws Exception;

	/**
	 * @param id the deployment id that was torn down after its assignment ended
	 * @throws Exception when the report could not be accepted; core retries
	 */
	default void terminated(long id) throws Exception {
	}
}
