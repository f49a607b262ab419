package org.dinfra.status.internal;

import static org.junit.Assert.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dinfra.core.api.AgentMetrics.Histogram;
import org.junit.Test;

public class PrometheusTextTest {
	@Test
	public void familyAndSamplesFollowTheTextFormat() {
		Map<String, String> labels = new LinkedHashMap<>();
		labels.put("type", "docker-compose");
		labels.put("operation", "deploy");
		String text = new PrometheusText().family("dinfra_x_total", "counter", "Things that happened.")
				.sample("dinfra_x_total", labels, 3).sample("dinfra_x_total", Map.of(), 0.25).toString();
		assertEquals("""
				# HELP dinfra_x_total Things that happened.
				# TYPE dinfra_x_total counter
				dinfra_x_total{type="docker-compose",operation="deploy"} 3
				dinfra_x_total 0.25
				""", text);
	}

	@Test
	public void labelValuesEscapeBackslashQuoteAndNewline() {
		String text = new PrometheusText().sample("m", Map.of("l", "a\\b\"c\nd"), 1).toString();
		assertEquals("m{l=\"a\\\\b\\\"c\\nd\"} 1\n", text);
	}

	@Test
	public void helpEscapesBackslashAndNewlineButNotQuotes() {
		String text = new PrometheusText().family("m", "gauge", "a \"b\"\\\nc").toString();
		assertEquals("# HELP m a \"b\"\\\\\\nc\n# TYPE m gauge\n", text);
	}

	@Test
	public void numbersAreWrittenAsPrometheusReadsThem() {
		assertEquals("0", PrometheusText.number(0));
		assertEquals("-1", PrometheusText.number(-1));
		assertEquals("12345678901", PrometheusText.number(12345678901d));
		assertEquals("0.005", PrometheusText.number(0.005));
		assertEquals("+Inf", PrometheusText.number(Double.POSITIVE_INFINITY));
		assertEquals("-Inf", PrometheusText.number(Double.NEGATIVE_INFINITY));
		assertEquals("NaN", PrometheusText.number(Double.NaN));
		assertEquals(1e20, Double.parseDouble(PrometheusText.number(1e20)), 0);
	}

	@Test
	public void histogramHasCumulativeBucketsInfSumAndCountWithLeLast() {
		Histogram h = new Histogram(List.of(0.1, 1.0), List.of(2L, 5L), 6, 7.5);
		String text = new PrometheusText().histogram("d_seconds", Map.of("type", "t"), h).toString();
		assertEquals("""
				d_seconds_bucket{type="t",le="0.1"} 2
				d_seconds_bucket{type="t",le="1"} 5
				d_seconds_bucket{type="t",le="+Inf"} 6
				d_seconds_sum{type="t"} 7.5
				d_seconds_count{type="t"} 6
				""", text);
	}
}
