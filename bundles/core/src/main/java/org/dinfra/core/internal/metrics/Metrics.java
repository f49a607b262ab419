package org.dinfra.core.internal.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

import org.dinfra.core.api.AgentMetrics;
import org.dinfra.core.api.ReasonCode;

/**
 * The agent's measurements: thread-safe, lock-free on the recording side, copied on
 * {@link #snapshot()}.
 */
public final class Metrics implements AgentMetrics {
	/**
	 * Bucket bounds in seconds, from a fast local reactor call to a VM that takes minutes: the
	 * Prometheus client defaults extended to 10 minutes.
	 */
	public static final List<Double> BOUNDS = List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
			30.0, 60.0, 120.0, 300.0, 600.0);

	private final Map<String, Recorder> latency = new ConcurrentHashMap<>();
	private final Map<Call, Recorder> calls = new ConcurrentHashMap<>();
	private final Map<CallError, LongAdder> errors = new ConcurrentHashMap<>();

	/**
	 * @param outcome {@link AgentMetrics#RUNNING} or {@link AgentMetrics#FAILED}
	 * @param nanos   from the assignment being received to its deploy finishing
	 */
	public void reconciled(String outcome, long nanos) {
		latency.computeIfAbsent(outcome, k -> new Recorder()).observe(nanos);
	}

	/**
	 * @param type      the reactor's descriptor type
	 * @param operation the operation
	 * @param nanos     how long the call took
	 * @param error     why it failed, or null when it succeeded
	 */
	public void reactorCall(String type, String operation, long nanos, ReasonCode error) {
		calls.computeIfAbsent(new Call(type, operation), k -> new Recorder()).observe(nanos);
		if (error != null) {
			errors.computeIfAbsent(new CallError(type, operation, error), k -> new LongAdder()).increment();
		}
	}

	@Override
	public Snapshot snapshot() {
		return new Snapshot(copy(latency), copy(calls),
				errors.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum())));
	}

	private static <K> Map<K, Histogram> copy(Map<K, Recorder> recorders) {
		return recorders.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().histogram()));
	}

	/** One histogram being recorded; synchronized so that a copy's buckets, count and sum agree. */
	static final class Recorder {
		private final long[] buckets = new long[BOUNDS.size()];
		private long count;
		private double sum;

		synchronized void observe(long nanos) {
			double seconds = nanos / 1e9;
			for (int i = 0; i < buckets.length; i++) {
				if (seconds <= BOUNDS.get(i)) {
					buckets[i]++;
				}
			}
			count++;
			sum += seconds;
		}

		synchronized Histogram histogram() {
			List<Long> counts = new ArrayList<>(buckets.length);
			for (long b : buckets) {
				counts.add(b);
			}
			return new Histogram(BOUNDS, counts, count, sum);
		}
	}
}
