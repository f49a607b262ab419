package org.dinfra.benchmarks.chain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dinfra.chain.client.Events;
import org.dinfra.chain.client.Metadata;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Events#decode} of one {@code System.Events} blob (built by {@link EventsBlob}) with our
 * runtime's metadata: one operation = the whole blob decoded into {@code EventRecord}s and their
 * full {@code Value} trees. Events per second = ops/s x the blob's event count (printed in the
 * setup as {@code [blob] events N}); {@code scripts/bench/chain-events.sh} does the arithmetic and
 * runs polkadot.js on the same bytes.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class EventsDecodeBenchmark {
	/** The blob file ({@code EventsBlob}'s output). */
	@Param({""})
	public String blob;

	/** The runtime metadata ({@code metadata-dinfra-v15.scale} of the vectors). */
	@Param({""})
	public String metadata;

	private Metadata md;
	private byte[] bytes;

	/**
	 * Reads the files and checks that the blob decodes to as many records as it says.
	 *
	 * @throws IOException if a file cannot be read
	 */
	@Setup
	public void setup() throws IOException {
		if (blob.isEmpty() || metadata.isEmpty()) {
			throw new IllegalArgumentException("error: give -p blob=<file> -p metadata=<file>");
		}
		md = Metadata.parse(Files.readAllBytes(Path.of(metadata)));
		bytes = Files.readAllBytes(Path.of(blob));
		int n = Events.decode(md, bytes).size();
		if (n != EventsBlob.count(bytes)) {
			throw new IllegalStateException("error: decoded " + n + " records, the blob says " + EventsBlob.count(bytes));
		}
		System.out.println("[blob] events " + n + " bytes " + bytes.length + " sha256 " + EventsBlob.sha256(bytes));
	}

	/** @return the decoded records (consumed by JMH) */
	@Benchmark
	public List<Events.EventRecord> decode() {
		return Events.decode(md, bytes);
	}
}
