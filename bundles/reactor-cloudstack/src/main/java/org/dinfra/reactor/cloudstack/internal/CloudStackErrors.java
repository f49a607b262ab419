package org.dinfra.reactor.cloudstack.internal;

import java.util.Locale;

import org.dinfra.core.api.ReactorException;
import org.dinfra.core.api.Reason;
import org.dinfra.core.api.ReasonCode;

/**
 * Maps CloudStack failures to the reasons an agent reports, and decides which are worth retrying;
 * names CloudStack's error codes ({@code org.apache.cloudstack.api.ApiErrorCode}).
 *
 * <table>
 * <caption>CloudStack {@code errorcode} (ApiErrorCode) to reason</caption>
 * <tr><th>errorcode</th><th>reason</th><th>retried</th></tr>
 * <tr><td>401 UNAUTHORIZED, 531 ACCOUNT_ERROR</td><td>AUTHENTICATION</td><td>yes: the provider's key or
 * account is wrong; once the provider fixes it, waiting deployments go on</td></tr>
 * <tr><td>430 MALFORMED_PARAMETER_ERROR, 431 PARAM_ERROR, 432 UNSUPPORTED_ACTION_ERROR</td>
 * <td>BAD_PARAMETERS</td><td>no: the same request fails again</td></tr>
 * <tr><td>532 ACCOUNT_RESOURCE_LIMIT_ERROR; 535 RESOURCE_ALLOCATION_ERROR whose text names a limit</td>
 * <td>QUOTA</td><td>no: reported, so the consumer can go to another provider</td></tr>
 * <tr><td>533 INSUFFICIENT_CAPACITY_ERROR</td><td>NO_CAPACITY</td><td>no: reported, as for QUOTA</td></tr>
 * <tr><td>async job not finished in time</td><td>TIMEOUT</td><td>yes: a new deploy finds the VM by tag or name</td></tr>
 * <tr><td>429, 530, 534, 536, 537, other codes, no or garbled answer</td><td>DEPLOY_FAILED</td><td>yes</td></tr>
 * </table>
 */
final class CloudStackErrors {
	/** UNAUTHORIZED: the request's signature or API key is wrong. */
	static final int UNAUTHORIZED = 401;
	/** API_LIMIT_EXCEED: too many requests of the account. */
	static final int API_LIMIT_EXCEED = 429;
	/** MALFORMED_PARAMETER_ERROR: a parameter of the wrong form. */
	static final int MALFORMED_PARAMETER_ERROR = 430;
	/**
	 * PARAM_ERROR ({@code InvalidParameterValueException}): CloudStack's generic answer to a
	 * parameter it refuses, among others an id of an object it does not know (or no longer has).
	 */
	static final int PARAM_ERROR = 431;
	/** UNSUPPORTED_ACTION_ERROR: the command cannot be done on that object. */
	static final int UNSUPPORTED_ACTION_ERROR = 432;
	/** INTERNAL_ERROR: also the {@code jobresultcode} of a failed async job. */
	static final int INTERNAL_ERROR = 530;
	/** ACCOUNT_ERROR: the account is disabled or may not do this. */
	static final int ACCOUNT_ERROR = 531;
	/** ACCOUNT_RESOURCE_LIMIT_ERROR: a resource limit of the account is reached. */
	static final int ACCOUNT_RESOURCE_LIMIT_ERROR = 532;
	/** INSUFFICIENT_CAPACITY_ERROR: the cloud has no host or storage for it. */
	static final int INSUFFICIENT_CAPACITY_ERROR = 533;
	/** RESOURCE_UNAVAILABLE_ERROR. */
	static final int RESOURCE_UNAVAILABLE_ERROR = 534;
	/** RESOURCE_ALLOCATION_ERROR: sometimes a limit, sometimes not (see {@link #reasonCode}). */
	static final int RESOURCE_ALLOCATION_ERROR = 535;
	/** RESOURCE_IN_USE_ERROR. */
	static final int RESOURCE_IN_USE_ERROR = 536;
	/** NETWORK_RULE_CONFLICT_ERROR. */
	static final int NETWORK_RULE_CONFLICT_ERROR = 537;

	private CloudStackErrors() {
	}

	/**
	 * @param e a failed call
	 * @return whether CloudStack refused a parameter ({@link #PARAM_ERROR}); for a lookup by id,
	 *         that is how it answers an id it does not know
	 */
	static boolean isParamError(CloudStackException e) {
		return e.kind() == CloudStackException.Kind.API && e.errorCode() == PARAM_ERROR;
	}

	/**
	 * @param e a failed call on one object (detach, destroy, expunge, delete)
	 * @return whether it failed because the object is gone already: a {@link #PARAM_ERROR} whose
	 *         text says it is not found, does not exist, is invalid, or is already so
	 */
	static boolean isGone(CloudStackException e) {
		if (!isParamError(e)) {
			return false;
		}
		String text = e.errorText().toLowerCase(Locale.ROOT);
		return text.contains("unable to find") || text.contains("does not exist") || text.contains("not found")
				|| text.contains("invalid") && text.contains("id") || text.contains("already");
	}

	/**
	 * @param e     the failure
	 * @param doing what was being done, for the message ("deploying VM dinfra-7")
	 * @return the reactor failure to throw
	 */
	static ReactorException toReactorException(CloudStackException e, String doing) {
		String message = doing + ": " + e.getMessage();
		return switch (e.kind()) {
			case JOB_TIMEOUT -> new ReactorException(Reason.of(ReasonCode.TIMEOUT, message), true, e);
			case TRANSPORT, PROTOCOL, CLOSED -> new ReactorException(Reason.of(ReasonCode.DEPLOY_FAILED, message), true, e);
			case API -> {
				ReasonCode code = reasonCode(e.errorCode(), e.errorText());
				yield new ReactorException(Reason.of(code, message), isTransient(code), e);
			}
		};
	}

	/**
	 * @param errorCode CloudStack's {@code errorcode}
	 * @param errorText CloudStack's {@code errortext}
	 * @return the reason code it stands for
	 */
	static ReasonCode reasonCode(int errorCode, String errorText) {
		String text = errorText == null ? "" : errorText.toLowerCase(Locale.ROOT);
		return switch (errorCode) {
			case UNAUTHORIZED, ACCOUNT_ERROR -> ReasonCode.AUTHENTICATION;
			case MALFORMED_PARAMETER_ERROR, PARAM_ERROR, UNSUPPORTED_ACTION_ERROR -> ReasonCode.BAD_PARAMETERS;
			case ACCOUNT_RESOURCE_LIMIT_ERROR -> ReasonCode.QUOTA;
			case INSUFFICIENT_CAPACITY_ERROR -> ReasonCode.NO_CAPACITY;
			case RESOURCE_ALLOCATION_ERROR -> text.contains("limit") || text.contains("exceeded") ? ReasonCode.QUOTA : ReasonCode.DEPLOY_FAILED;
			default -> ReasonCode.DEPLOY_FAILED;
		};
	}

	/**
	 * @param code a reason code from {@link #reasonCode}
	 * @return whether trying again later may succeed without anyone changing the request
	 */
	static boolean isTransient(ReasonCode code) {
		return switch (code) {
			case BAD_PARAMETERS, QUOTA, NO_CAPACITY -> false;
			default -> true;
		};
	}
}
