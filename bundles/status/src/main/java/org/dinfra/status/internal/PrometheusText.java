package org.dinfra.status.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dinfra.core.api.AgentMetrics.Histogram;

/**
 * Writes the Prometheus text exposition format, version 0.0.4: per metric family one
 * {@code # HELP} and one {@code # TYPE} line, then its samples, each
 * {@code name{label="value",...} number} on one line.
 */
final class PrometheusText {
	/** The Content-Type of the format. */
	static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

	private final StringBuilder out = new StringBuilder();

	/**
	 * Starts a metric family.
	 *
	 * @param name the family name
	 * @param type {@code gauge}, {@code counter} or {@code histogram}
	 * @param help one line
	 * @return this
	 */
	PrometheusText family(String name, String type, String help) {
		out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
		out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
		return this;
	}

	/**
	 * @param name   the sample name
	 * @param labels label names to values, in the order written
	 * @param value  the value
	 * @return this
	 */
	PrometheusText sample(String name, Map<String, String> labels, double value) {
		out.append(name);
		if (!labels.isEmpty()) {
			out.append('{');
			boolean first = true;
			for (Map.Entry<String, String> l : labels.entrySet()) {
				if (!first) {
					out.append(',');
				}
				first = false;
				out.append(l.getKey()).append("=\"").append(escapeLabel(l.getValue())).append('"');
			}
			out.append('}');
		}
		out.append(' ').append(number(value)).append('\n');
		return this;
	}

	/**
	 * Writes the samples of one histogram: its cumulative buckets, {@code +Inf}, sum and count.
	 *
	 * @param name      the family name
	 * @param labels    the labels of this histogram, without {@code le}
	 * @param histogram the observations
	 * @return this
	 */
	PrometheusText histogram(String name, Map<String, String> labels, Histogram histogram) {
		List<Double> bounds = histogram.bounds();
		for (int i = 0; i < bounds.size(); i++) {
			sample(name + "_bucket", with(labels, "le", number(bounds.get(i))), histogram.counts().get(i));
		}
		sample(name + "_bucket", with(labels, "le", "+Inf"), histogram.count());
		sample(name + "_sum", labels, histogram.sum());
		sample(name + "_count", labels, histogram.count());
		return this;
	}

	private static Map<String, String> with(Map<String, String> labels, String name, String value) {
		Map<String, String> all = new LinkedHashMap<>(labels);
		all.put(name, value);
		return all;
	}

	/** Formats a value as Prometheus reads it: integers without a fraction, {@code +Inf}, {@code NaN}. */
	static String number(double value) {
		if (Double.isNaN(value)) {
			return "NaN";
		}
		if (Double.isInfinite(value)) {
			return value > 0 ? "+Inf" : "-Inf";
		}
		if (value == Math.rint(value) && Math.abs(value) < 1e15) {
			return Long.toString((long) value);
		}
		return Double.toString(value);
	}

	/** Label values escape backslash, double quote and line feed. */
	static String escapeLabel(String value) {
		return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
	}

	/** HELP text escapes backslash and line feed. */
	static String escapeHelp(String value) {
		return value.replace("\\", "\\\\").replace("\n", "\\n");
	}

	@Override
	public String toString() {
		return out.toString();
	}
}
