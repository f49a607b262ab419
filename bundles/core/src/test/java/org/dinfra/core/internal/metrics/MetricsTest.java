package org.dinfra.core.internal.metrics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.dinfra.core.api.AgentMetrics;
import org.dinfra.core.api.AgentMetrics.Call;
import org.dinfra.core.api.AgentMetrics.CallError;
import org.dinfra.core.api.AgentMetrics.Histogram;
import org.dinfra.core.api.ReasonCode;
import org.junit.Test;

public class MetricsTest {
	private static final long MS = 1_000_000L;

	@Test
	public void bucketsAreCumulativeAndCountAndSumAgree() {
		Metrics m = new Metrics();
		m.reactorCall("compose", AgentMetrics.DEPLOY, 3 * MS, null);
		m.reactorCall("compose", AgentMetrics.DEPLOY, 200 * MS, null);
		m.reactorCall("compose", AgentMetrics.DEPLOY, 700_000 * MS, null);
		Histogram h = m.snapshot().reactorCalls().get(new Call("compose", AgentMetrics.DEPLOY));
		assertEquals(3, h.count());
		assertEquals(700.203, h.sum(), 1e-9);
		List<Double> bounds = h.bounds();
		assertEquals(1L, (long) h.counts().get(bounds.indexOf(0.005)));
		assertEquals(1L, (long) h.counts().get(bounds.indexOf(0.1)));
		assertEquals(2L, (long) h.counts().get(bounds.indexOf(0.25)));
		assertEquals("above the last bound only in the count", 2L, (long) h.counts().get(bounds.size() - 1));
	}

	@Test
	public void anObservationOnABoundFallsIntoThatBucket() {
		Metrics m = new Metrics();
		m.reconciled(AgentMetrics.RUNNING, 1000 * MS);
		Histogram h = m.snapshot().reconcileLatency().get(AgentMetrics.RUNNING);
		assertEquals(0L, (long) h.counts().get(h.bounds().indexOf(0.5)));
		assertEquals(1L, (long) h.counts().get(h.bounds().indexOf(1.0)));
		assertNull(m.snapshot().reconcileLatency().get(AgentMetrics.FAILED));
	}

	@Test
	public void errorsAreCountedByTypeOperationAndCodeAndAlsoTimed() {
		Metrics m = new Metrics();
		m.reactorCall("vm", AgentMetrics.TEARDOWN, MS, ReasonCode.TIMEOUT);
		m.reactorCall("vm", AgentMetrics.TEARDOWN, MS, ReasonCode.TIMEOUT);
		m.reactorCall("vm", AgentMetrics.TEARDOWN, MS, ReasonCode.AUTHENTICATION);
		m.reactorCall("vm", AgentMetrics.INVENTORY, MS, null);
		AgentMetrics.Snapshot s = m.snapshot();
		assertEquals(2L, (long) s.reactorErrors().get(new CallError("vm", AgentMetrics.TEARDOWN, ReasonCode.TIMEOUT)));
		assertEquals(1L,
				(long) s.reactorErrors().get(new CallError("vm", AgentMetrics.TEARDOWN, ReasonCode.AUTHENTICATION)));
		assertEquals(2, s.reactorErrors().size());
		assertEquals(3, s.reactorCalls().get(new Call("vm", AgentMetrics.TEARDOWN)).count());
		assertTrue(s.reactorCalls().containsKey(new Call("vm", AgentMetrics.INVENTORY)));
	}
}
