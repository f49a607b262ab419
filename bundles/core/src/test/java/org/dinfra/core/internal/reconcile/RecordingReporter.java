package org.dinfra.core.internal.reconcile;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.dinfra.core.api.Endpoint;
import org.dinfra.core.api.Reason;
import org.dinfra.core.api.StatusReporter;

/**
 * Records every report accepted, as {@code "running 7"}, {@code "failed 7 SCHEMA_INVALID"} or
 * {@code "terminated 7"}, and refuses the next N reports on demand.
 */
public class RecordingReporter implements StatusReporter {
	private final List<String> reports = new CopyOnWriteArrayList<>();
	private final Map<Long, Reason> failures = new ConcurrentHashMap<>();
	private final Map<Long, List<Endpoint>> endpoints = new ConcurrentHashMap<>();
	private final AtomicInteger refuse = new AtomicInteger();
	private final AtomicInteger attempts = new AtomicInteger();

	/** @param times how many of the next reports throw */
	public RecordingReporter refuseNext(int times) {
		refuse.set(times);
		return this;
	}

	/** @return every report accepted, in order */
	public List<String> reports() {
		return List.copyOf(reports);
	}

	/** @return the reports accepted for one deployment */
	public List<String> reports(long id) {
		String wanted = Long.toString(id);
		return reports.stream().filter(r -> r.split(" ")[1].equals(wanted)).toList();
	}

	/** @return the reason of the last failed report of a deployment */
	public Reason failure(long id) {
		return failures.get(id);
	}

	/** @return the endpoints of the last running report of a deployment */
	public List<Endpoint> endpoints(long id) {
		return endpoints.get(id);
	}

	/** @return how many reports were attempted, refused ones included */
	public int attempts() {
		return attempts.get();
	}

	private void attempt() throws Exception {
		attempts.incrementAndGet();
		if (refuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
			throw new Exception("chain unreachable");
		}
	}

	@Override
	public void running(long id, List<Endpoint> endpoints) throws Exception {
		attempt();
		this.endpoints.put(id, endpoints);
		reports.add("running " + id);
	}

	@Override
	public void failed(long id, Reason reason) throws Exception {
		attempt();
		failures.put(id, reason);
		reports.add("failed " + id + " " + reason.code());
	}

	@Override
	public void terminated(long id) throws Exception {
		attempt();
		reports.add("terminated " + id);
	}
}
