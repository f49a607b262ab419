package org.dinfra.reactor.cloudstack.internal;

import java.util.Locale;

import org.dinfra.core.api.ReactorException;
import org.dinfra.core.api.Reason;
import org.dinfra.core.api.ReasonCode;

/**
 * Maps CloudStack failures to the reasons an agent reports, and decides which are worth retrying.
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
	private CloudStackErrors() {
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
			case 401, 531 -> ReasonCode.AUTHENTICATION;
			case 430, 431, 432 -> ReasonCode.BAD_PARAMETERS;
			case 532 -> ReasonCode.QUOTA;
			case 533 -> ReasonCode.NO_CAPACITY;
			case 535 -> text.contains("limit") || text.contains("exceeded") ? ReasonCode.QUOTA : ReasonCode.DEPLOY_FAILED;
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
