package org.dinfra.core.internal.reconcile;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.dinfra.core.api.Assignment;
import org.dinfra.core.api.DeploymentRequest;
import org.dinfra.core.api.DescriptorException;
import org.dinfra.core.api.Reason;
import org.dinfra.core.api.ReasonCode;
import org.dinfra.core.internal.registry.ReactorRegistry.Served;
import org.dinfra.core.internal.store.DescriptorFetcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether an assignment may be deployed: its descriptor fetched and verified against its CID,
 * matched against the type's schema, then checked by the provider's policy (the reactor's
 * {@code check}), in that order.
 */
final class Admission {
	private static final Logger LOG = LoggerFactory.getLogger(Admission.class);

	/**
	 * @param request the request to deploy, when admitted
	 * @param reason  why not, otherwise
	 * @param retry   whether that may pass (try again later) or not (the deployment fails)
	 */
	record Verdict(DeploymentRequest request, Reason reason, boolean retry) {
		static Verdict admitted(DeploymentRequest request) {
			return new Verdict(request, null, false);
		}

		static Verdict refused(Reason reason) {
			return new Verdict(null, reason, false);
		}

		static Verdict later(Reason reason) {
			return new Verdict(null, reason, true);
		}
	}

	private final DescriptorFetcher fetcher;

	/** @param fetcher the descriptor stores */
	Admission(DescriptorFetcher fetcher) {
		this.fetcher = fetcher;
	}

	/**
	 * @param want   the assignment
	 * @param served the reactor serving its type
	 * @return the verdict
	 */
	Verdict admit(Assignment want, Served served) {
		byte[] bytes;
		try {
			bytes = fetcher.fetch(want.descriptor());
		} catch (DescriptorException e) {
			Reason reason = Reason.of(e.code(), e.getMessage());
			return e.isTransient() ? Verdict.later(reason) : Verdict.refused(reason);
		}
		List<String> problems = served.schema().validate(bytes);
		if (!problems.isEmpty()) {
			return Verdict.refused(new Reason(ReasonCode.SCHEMA_INVALID,
					"descriptor does not match the schema of type '" + want.type() + "'", problems));
		}
		DeploymentRequest request = new DeploymentRequest(want.id(), want.type(), want.descriptor(),
				new String(bytes, StandardCharsets.UTF_8), want.consumer());
		List<String> violations;
		try {
			violations = served.reactor().check(request);
		} catch (RuntimeException e) {
			LOG.warn("Policy check of deployment {} failed: {}", Long.toUnsignedString(want.id()), e.toString());
			return Verdict.later(Reason.of(ReasonCode.POLICY_CHECK_FAILED, "policy check failed: " + e));
		}
		if (!violations.isEmpty()) {
			return Verdict.refused(new Reason(ReasonCode.POLICY_VIOLATION, "the provider's policy refuses this descriptor",
					violations));
		}
		return Verdict.admitted(request);
	}
}
