package org.dinfra.reactor.cloudstack.internal;

import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.Test;

public class VmStateTest {
	@Test
	public void everyStateOfCloudStackIsParsedByItsApiName() {
		String[] names = {"Starting", "Running", "Stopping", "Stopped", "Destroyed", "Expunging", "Migrating", "Error",
				"Unknown", "Shutdown"};
		VmState[] states = {VmState.STARTING, VmState.RUNNING, VmState.STOPPING, VmState.STOPPED, VmState.DESTROYED,
				VmState.EXPUNGING, VmState.MIGRATING, VmState.ERROR, VmState.UNKNOWN, VmState.SHUTDOWN};
		for (int i = 0; i < names.length; i++) {
			assertEquals(names[i], states[i], VmState.parse(names[i]));
		}
		assertEquals(states.length + 1, VmState.values().length);
	}

	@Test
	public void anyOtherTextIsUnrecognisedNotAFailure() throws Exception {
		assertEquals(VmState.UNRECOGNISED, VmState.parse("Restoring"));
		assertEquals("the API's names are matched exactly", VmState.UNRECOGNISED, VmState.parse("running"));
		assertEquals(VmState.UNRECOGNISED, VmState.parse(""));
		assertEquals(VmState.UNRECOGNISED, VmState.parse(null));
		assertEquals(VmState.UNRECOGNISED, VmState.of(new ObjectMapper().readTree("{\"name\":\"dinfra-1\"}")));
		assertEquals(VmState.RUNNING, VmState.of(new ObjectMapper().readTree("{\"state\":\"Running\"}")));
	}
}
