package org.dinfra.reactor.cloudstack.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.dinfra.core.api.ReasonCode;
import org.junit.Test;

public class CloudStackErrorsTest {
	@Test
	public void theNamedCodesAreThoseOfCloudStacksApiErrorCode() {
		assertEquals(401, CloudStackErrors.UNAUTHORIZED);
		assertEquals(429, CloudStackErrors.API_LIMIT_EXCEED);
		assertEquals(430, CloudStackErrors.MALFORMED_PARAMETER_ERROR);
		assertEquals(431, CloudStackErrors.PARAM_ERROR);
		assertEquals(432, CloudStackErrors.UNSUPPORTED_ACTION_ERROR);
		assertEquals(530, CloudStackErrors.INTERNAL_ERROR);
		assertEquals(531, CloudStackErrors.ACCOUNT_ERROR);
		assertEquals(532, CloudStackErrors.ACCOUNT_RESOURCE_LIMIT_ERROR);
		assertEquals(533, CloudStackErrors.INSUFFICIENT_CAPACITY_ERROR);
		assertEquals(534, CloudStackErrors.RESOURCE_UNAVAILABLE_ERROR);
		assertEquals(535, CloudStackErrors.RESOURCE_ALLOCATION_ERROR);
		assertEquals(536, CloudStackErrors.RESOURCE_IN_USE_ERROR);
		assertEquals(537, CloudStackErrors.NETWORK_RULE_CONFLICT_ERROR);
	}

	@Test
	public void eachCodeMapsToItsReason() {
		assertEquals(ReasonCode.AUTHENTICATION, CloudStackErrors.reasonCode(401, "unable to verify user credentials"));
		assertEquals(ReasonCode.AUTHENTICATION, CloudStackErrors.reasonCode(531, "account disabled"));
		assertEquals(ReasonCode.BAD_PARAMETERS, CloudStackErrors.reasonCode(430, ""));
		assertEquals(ReasonCode.BAD_PARAMETERS, CloudStackErrors.reasonCode(431, ""));
		assertEquals(ReasonCode.BAD_PARAMETERS, CloudStackErrors.reasonCode(432, ""));
		assertEquals(ReasonCode.QUOTA, CloudStackErrors.reasonCode(532, ""));
		assertEquals(ReasonCode.NO_CAPACITY, CloudStackErrors.reasonCode(533, ""));
		assertEquals(ReasonCode.QUOTA, CloudStackErrors.reasonCode(535, "Maximum number of resources exceeded"));
		assertEquals(ReasonCode.DEPLOY_FAILED, CloudStackErrors.reasonCode(535, "no free IP"));
		assertEquals(ReasonCode.DEPLOY_FAILED, CloudStackErrors.reasonCode(530, null));
		assertEquals(ReasonCode.DEPLOY_FAILED, CloudStackErrors.reasonCode(429, "too many requests"));
	}

	@Test
	public void onlyAParamErrorSayingTheObjectIsMissingMeansGone() {
		assertTrue(CloudStackErrors.isParamError(CloudStackException.api("listVirtualMachines", 431, 4350, "x")));
		assertFalse(CloudStackErrors.isParamError(CloudStackException.api("listVirtualMachines", 430, 4350, "x")));
		assertFalse(CloudStackErrors.isParamError(new CloudStackException(CloudStackException.Kind.PROTOCOL,
				"listVirtualMachines", 431, 0, "not JSON", null)));

		for (String text : new String[] {"Unable to find volume by id 7", "VM does not exist", "Volume not found",
				"Invalid volume id", "Volume is already detached"}) {
			assertTrue(text, CloudStackErrors.isGone(CloudStackException.api("detachVolume", 431, 4350, text)));
		}
		assertFalse(CloudStackErrors.isGone(CloudStackException.api("detachVolume", 431, 4350, "Parameter size must be positive")));
		assertFalse(CloudStackErrors.isGone(CloudStackException.api("detachVolume", 530, 4250, "Volume not found")));
	}
}
