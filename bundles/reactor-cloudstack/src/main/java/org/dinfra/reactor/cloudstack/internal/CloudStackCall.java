package org.dinfra.reactor.cloudstack.internal;

import org.dinfra.core.api.ReactorException;
import org.slf4j.LoggerFactory;

/**
 * One or more CloudStack API calls that may fail, and the two ways the reactor runs them: as a
 * step of a deploy or teardown ({@link #step}), and as a removal that is done when its object is
 * gone already ({@link #ignoringGone}).
 *
 * @param <T> what the calls give
 */
@FunctionalInterface
interface CloudStackCall<T> {
	/** @return what the calls give */
	T call() throws CloudStackException;

	/**
	 * @param doing what is being done, for the message of a failure ("deploying VM dinfra-7")
	 * @param call  the calls
	 * @return what the calls give
	 * @throws ReactorException their failure, with its reason ({@link CloudStackErrors})
	 */
	static <T> T step(String doing, CloudStackCall<T> call) throws ReactorException {
		try {
			return call.call();
		} catch (CloudStackException e) {
			throw CloudStackErrors.toReactorException(e, doing);
		}
	}

	/**
	 * @param call a call on one object that fails when the object is already gone
	 * @return what it gives, or null when its object is gone ({@link CloudStackErrors#isGone})
	 */
	static <T> T ignoringGone(CloudStackCall<T> call) throws CloudStackException {
		try {
			return call.call();
		} catch (CloudStackException e) {
			if (CloudStackErrors.isGone(e)) {
				LoggerFactory.getLogger(CloudStackCall.class).debug("{} (ignored: already gone)", e.getMessage());
				return null;
			}
			throw e;
		}
	}
}
